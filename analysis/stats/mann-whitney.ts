import { normalTwoSidedP } from './distributions.ts';
import { averageRanks } from './ranks.ts';

export interface MannWhitneyResult {
  U: number | null;
  p: number | null;
  rank_biserial: number | null;
}

/**
 * Mann-Whitney U test of A against B, normal approximation with tie and continuity corrections, two-sided:
 *   U = R_A - nA (nA + 1) / 2  (R_A = sum of A's average ranks in the pooled sample),
 *   sigma = sqrt(nA nB / 12 * ((N + 1) - sum(t^3 - t) / (N (N - 1)))),
 *   z = (max(U, nA nB - U) - nA nB / 2 - 1/2) / sigma,  p = min(1, 2 P(Z >= z)).
 * Rank-biserial correlation = 2 U / (nA nB) - 1 (Kerby 2014): +1 when every A exceeds every B.
 * Same U and p as `scipy.stats.mannwhitneyu(A, B, method='asymptotic', use_continuity=True)`.
 * Edge cases: an empty group gives all nulls. When every value is tied, sigma = 0: SciPy's z is -inf and p is 1
 * after clipping; here too (U = nA nB / 2, p = 1, rank_biserial = 0).
 * Example: mannWhitney([1, 2, 3], [4, 5, 6]) gives U = 0, p = 0.08085559837005224.
 */
export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) return { U: null, p: null, rank_biserial: null };
  const pooled = new Float64Array(nA + nB);
  for (let i = 0; i < nA; i++) pooled[i] = a[i];
  for (let i = 0; i < nB; i++) pooled[nA + i] = b[i];
  const { ranks, tieTerm } = averageRanks(pooled);
  let rankSumA = 0;
  for (let i = 0; i < nA; i++) rankSumA += ranks[i];
  const U = rankSumA - (nA * (nA + 1)) / 2;
  const n = nA + nB;
  const product = nA * nB;
  const sigma = Math.sqrt((product / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const excess = Math.max(U, product - U) - product / 2 - 0.5;
  // excess < 0 only when U is at its mean: SciPy's 2 P(Z >= z) then exceeds 1 and is clipped to 1.
  const p = excess > 0 && sigma > 0 ? Math.min(1, normalTwoSidedP(excess / sigma)) : 1;
  return { U, p, rank_biserial: (2 * U) / product - 1 };
}
