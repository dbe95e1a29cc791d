import { studentTTwoSidedP } from './distributions.ts';
import { mean, standardDeviation } from './mean-sd.ts';

export interface PairedTResult {
  t: number | null;
  df: number | null;
  p: number | null;
  /** Mean of the differences A - B. */
  mean_difference: number | null;
  /** Cohen's d_z = mean(d) / sd(d). */
  dz: number | null;
  /** Hedges-corrected d_z: dz (1 - 3 / (4 (n - 1) - 1)). */
  hedges_gz: number | null;
  /** Number of pairs. */
  n: number;
}

/**
 * Paired (dependent-samples) t-test of A - B on matched pairs, two-sided (Student 1908):
 *   d_i = a_i - b_i,  t = mean(d) / (sd(d) / sqrt(n)),  df = n - 1,  p = P(|T_df| >= |t|).
 * Effect size: Cohen's d_z = mean(d) / sd(d) (Cohen 1988; Lakens 2013 eq. 6), and its small-sample correction
 * g_z = d_z (1 - 3 / (4 df - 1)) (Hedges & Olkin 1985; Lakens 2013 eq. 4 with df = n - 1).
 * Same t, df and p as `scipy.stats.ttest_rel(A, B)` (df = `res.df`).
 * Edge cases: `a` and `b` must have the same length (pairs); fewer than 2 pairs gives nulls (n kept); when every
 * difference is equal, sd(d) = 0: SciPy returns NaN (all differences 0) or +-inf; here t, p, dz, hedges_gz are null
 * (mean_difference and df kept).
 * Example: pairedT([2, 4, 6, 9], [1, 3, 6, 5]) gives t = 1.7320508075688774, df = 3, p = 0.18169011381620936
 *   (`scipy.stats.ttest_rel`, SciPy 1.17.1).
 */
export function pairedT(a: ArrayLike<number>, b: ArrayLike<number>): PairedTResult {
  if (a.length !== b.length) throw new RangeError(`pairedT: ${a.length} values in A but ${b.length} in B (pairs expected)`);
  const n = a.length;
  const none: PairedTResult = { t: null, df: null, p: null, mean_difference: null, dz: null, hedges_gz: null, n };
  if (n < 2) return none;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i] - b[i];
  const m = mean(d) as number;
  const sd = standardDeviation(d) as number;
  const df = n - 1;
  if (!(sd > 0)) return { ...none, df, mean_difference: m };
  const t = m / (sd / Math.sqrt(n));
  const dz = m / sd;
  return { t, df, p: studentTTwoSidedP(t, df), mean_difference: m, dz, hedges_gz: dz * (1 - 3 / (4 * df - 1)), n };
}
