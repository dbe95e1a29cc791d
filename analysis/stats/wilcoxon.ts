import { normalTwoSidedP } from './distributions.ts';
import { averageRanks } from './ranks.ts';

export interface WilcoxonResult {
  /** SciPy's two-sided statistic: min(R+, R-). */
  W: number | null;
  /** Sum of the ranks of the positive differences A - B. */
  r_plus: number | null;
  r_minus: number | null;
  /** Pairs with a non-zero difference (the ones ranked). */
  n: number;
  z: number | null;
  p: number | null;
  /** Matched-pairs rank-biserial correlation (R+ - R-) / (R+ + R-): +1 when every non-zero A - B is positive. */
  rank_biserial: number | null;
}

/**
 * Wilcoxon signed-rank test of the paired differences d = A - B, two-sided (Wilcoxon 1945). The variant:
 * - zero differences are dropped before ranking (Wilcoxon's "wilcox" zero method), n = non-zero pairs;
 * - |d| ranked with average ranks for ties; R+ and R- the rank sums of the positive and negative differences;
 * - normal approximation with tie correction and continuity correction (never the exact distribution, so the p does
 *   not switch method with n):  mu = n (n + 1) / 4,  sigma^2 = n (n + 1) (2n + 1) / 24 - sum(t^3 - t) / 48,
 *   z = (W - mu - 0.5 sign(W - mu)) / sigma with W = min(R+, R-),  p = 2 P(Z >= |z|).
 * Same W and p as `scipy.stats.wilcoxon(A, B, zero_method='wilcox', correction=True, method='asymptotic')`.
 * Effect size: matched-pairs rank-biserial r = (R+ - R-) / (R+ + R-) (Kerby 2014, "simple difference formula").
 * Edge cases: no non-zero difference (or sigma = 0) gives null W, z, p and rank_biserial (SciPy gives NaN), n = 0.
 * Example: wilcoxonSignedRank([1, 2, 3, 4, 5], [2, 2, 1, 1, 0]) gives W = 1 (the zero difference dropped, n = 4),
 *   p = 0.20124262095772394, rank_biserial = 0.8.
 */
export function wilcoxonSignedRank(a: ArrayLike<number>, b: ArrayLike<number>): WilcoxonResult {
  if (a.length !== b.length) throw new RangeError(`wilcoxonSignedRank: ${a.length} values in A but ${b.length} in B`);
  const differences: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (d !== 0) differences.push(d);
  }
  const n = differences.length;
  const none: WilcoxonResult = { W: null, r_plus: null, r_minus: null, n, z: null, p: null, rank_biserial: null };
  if (n === 0) return none;
  const { ranks, tieTerm } = averageRanks(differences.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  differences.forEach((d, i) => (d > 0 ? (rPlus += ranks[i]) : (rMinus += ranks[i])));
  const W = Math.min(rPlus, rMinus);
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const rankBiserial = (rPlus - rMinus) / (rPlus + rMinus);
  if (!(sigma > 0)) return { ...none, W, r_plus: rPlus, r_minus: rMinus, rank_biserial: rankBiserial };
  const z = (W - mu - 0.5 * Math.sign(W - mu)) / sigma;
  return { W, r_plus: rPlus, r_minus: rMinus, n, z, p: Math.min(1, normalTwoSidedP(z)), rank_biserial: rankBiserial };
}
