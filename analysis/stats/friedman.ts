import { chiSquareUpperP } from './distributions.ts';
import { averageRanks } from './ranks.ts';

export interface FriedmanResult {
  chi2: number | null;
  df: number | null;
  p: number | null;
  /** Blocks (participants) used: those with a value in every condition. */
  n: number;
}

/**
 * Friedman's rank test for k related samples (Friedman 1937), tie-corrected: each block (row: one participant's
 * values in the k conditions) is ranked within itself with average ranks; with R_j the rank sum of condition j,
 *   chi2 = (12 / (n k (k + 1)) sum_j R_j^2 - 3 n (k + 1)) / (1 - sum(t^3 - t) / (n k (k^2 - 1))),  df = k - 1,
 *   p = P(chi2_{k-1} >= chi2).
 * Same statistic and p as `scipy.stats.friedmanchisquare(*columns)` (columns = conditions, same block order).
 * Only complete blocks can enter: callers pass the participants with a value in every condition and report how many
 * were left out. Edge cases: k < 3 (SciPy refuses: use the paired tests) or no block gives nulls; every block tied
 * (tie correction 0) gives null chi2 and p (SciPy returns NaN), df kept.
 * Example: friedman([[1, 2, 3], [2, 3, 1], [1, 3, 2], [1, 2, 3]]) gives chi2 = 3.5, p = 0.17377394345044514.
 */
export function friedman(blocks: readonly ArrayLike<number>[]): FriedmanResult {
  const n = blocks.length;
  const k = n > 0 ? blocks[0].length : 0;
  if (n === 0 || k < 3) return { chi2: null, df: null, p: null, n };
  const rankSums = new Float64Array(k);
  let ties = 0;
  for (const block of blocks) {
    if (block.length !== k) throw new RangeError(`friedman: every block needs ${k} values, got ${block.length}`);
    const { ranks, tieTerm } = averageRanks(block);
    for (let j = 0; j < k; j++) rankSums[j] += ranks[j];
    ties += tieTerm;
  }
  const df = k - 1;
  const correction = 1 - ties / (n * k * (k * k - 1));
  if (!(correction > 0)) return { chi2: null, df, p: null, n };
  let squares = 0;
  for (let j = 0; j < k; j++) squares += rankSums[j] * rankSums[j];
  const chi2 = ((12 / (n * k * (k + 1))) * squares - 3 * n * (k + 1)) / correction;
  return { chi2, df, p: chiSquareUpperP(chi2, df), n };
}
