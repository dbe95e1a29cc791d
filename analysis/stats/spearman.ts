import { studentTTwoSidedP } from './distributions.ts';
import { averageRanks } from './ranks.ts';

export interface SpearmanResult {
  rho: number | null;
  p: number | null;
  n: number;
}

/**
 * Spearman rank correlation (Spearman 1904): Pearson's r of the average ranks (ties share ranks), with the two-sided
 * p of t = rho sqrt((n - 2) / (1 - rho^2)) on n - 2 degrees of freedom.
 * Same rho and p as `scipy.stats.spearmanr(x, y)` (p = 0 when |rho| = 1, as SciPy).
 * Edge cases: x and y must have the same length; n < 3 or a constant variable gives rho and p null
 * (SciPy returns NaN with a warning).
 * Example: spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) gives rho = 0.8207826816681233, p = 0.08858700531354384.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman: x has ${n} values, y has ${y.length}`);
  if (n < 3) return { rho: null, p: null, n };
  const rx = averageRanks(x).ranks;
  const ry = averageRanks(y).ranks;
  const centre = (n + 1) / 2; // the mean of any average ranking of n values
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - centre;
    const dy = ry[i] - centre;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return { rho: null, p: null, n };
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (Math.abs(rho) === 1) return { rho, p: 0, n };
  const t = rho * Math.sqrt((n - 2) / ((1 - rho) * (1 + rho)));
  return { rho, p: studentTTwoSidedP(t, n - 2), n };
}
