import { chiSquareUpperP } from './distributions.ts';
import { averageRanks } from './ranks.ts';

export interface KruskalResult {
  H: number | null;
  df: number | null;
  p: number | null;
}

/**
 * Kruskal-Wallis H test across k groups, tie-corrected (Kruskal & Wallis 1952):
 *   H = (12 / (N (N + 1)) sum(R_i^2 / n_i) - 3 (N + 1)) / (1 - sum(t^3 - t) / (N^3 - N)),  p = P(chi2_{k-1} >= H).
 * Same H and p as `scipy.stats.kruskal(*groups)`.
 * Edge cases: empty groups are left out; fewer than 2 non-empty groups gives all null; all values identical gives
 * null H and p (SciPy raises "All numbers are identical in kruskal"; its result would be 0/0), df kept.
 * Example: kruskal([[1, 2, 3], [4, 5, 6]]) gives H = 3.857142857142854, p = 0.049534613435626915.
 */
export function kruskal(groups: readonly ArrayLike<number>[]): KruskalResult {
  const used = groups.filter((g) => g.length > 0);
  const k = used.length;
  if (k < 2) return { H: null, df: null, p: null };
  const total = used.reduce((sum, g) => sum + g.length, 0);
  const pooled = new Float64Array(total);
  let offset = 0;
  for (const g of used) for (let j = 0; j < g.length; j++) pooled[offset++] = g[j];
  const { ranks, tieTerm } = averageRanks(pooled);
  const df = k - 1;
  const tieCorrection = 1 - tieTerm / (total * total * total - total);
  if (!(tieCorrection > 0)) return { H: null, df, p: null };
  let sumSquares = 0;
  offset = 0;
  for (const g of used) {
    let rankSum = 0;
    for (let j = 0; j < g.length; j++) rankSum += ranks[offset++];
    sumSquares += (rankSum * rankSum) / g.length;
  }
  const H = ((12 / (total * (total + 1))) * sumSquares - 3 * (total + 1)) / tieCorrection;
  return { H, df, p: chiSquareUpperP(H, df) };
}
