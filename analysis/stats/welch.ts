import { studentTTwoSidedP } from './distributions.ts';
import { mean, variance } from './mean-sd.ts';

export interface WelchResult {
  t: number | null;
  df: number | null;
  p: number | null;
  hedges_g: number | null;
}

/**
 * Welch's unequal-variance t-test of mean(A) - mean(B), two-sided (Welch 1947; Satterthwaite 1946):
 *   t = (mA - mB) / sqrt(vA/nA + vB/nB),  df = (vA/nA + vB/nB)^2 / ((vA/nA)^2/(nA-1) + (vB/nB)^2/(nB-1)),
 *   p = P(|T_df| >= |t|).
 * Effect size: Hedges' g = (mA - mB) / s_pooled * (1 - 3 / (4 (nA + nB) - 9)),
 *   s_pooled = sqrt(((nA-1) vA + (nB-1) vB) / (nA + nB - 2))  (Hedges & Olkin 1985, approximate J correction).
 * Same t, df, p as `scipy.stats.ttest_ind(A, B, equal_var=False)` (`res.df` for df).
 * Edge cases: a group with fewer than 2 values gives all nulls (a variance is undefined). When both variances are 0
 * the standard error is 0: SciPy returns t = NaN (equal means) or +-inf with p = NaN; here t, df, p are null, and
 * hedges_g is null too (pooled SD 0).
 * Example: welch([1, 2, 3, 4], [2, 4, 6, 8, 10]) gives t = -2.2514363231593695, df = 5.520787746170677,
 * p = 0.06913359319239237.
 */
export function welch(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  const none: WelchResult = { t: null, df: null, p: null, hedges_g: null };
  const nA = a.length;
  const nB = b.length;
  if (nA < 2 || nB < 2) return none;
  const mA = mean(a) as number;
  const mB = mean(b) as number;
  const vA = variance(a) as number;
  const vB = variance(b) as number;
  const seA = vA / nA;
  const seB = vB / nB;
  const se2 = seA + seB;
  const pooledSd = Math.sqrt(((nA - 1) * vA + (nB - 1) * vB) / (nA + nB - 2));
  const hedges_g = pooledSd > 0 ? ((mA - mB) / pooledSd) * (1 - 3 / (4 * (nA + nB) - 9)) : null;
  if (!(se2 > 0)) return { ...none, hedges_g };
  const t = (mA - mB) / Math.sqrt(se2);
  const df = (se2 * se2) / ((seA * seA) / (nA - 1) + (seB * seB) / (nB - 1));
  return { t, df, p: studentTTwoSidedP(t, df), hedges_g };
}
