import { variance } from './mean-sd.ts';

/**
 * Cronbach's alpha of a participants x items score matrix (Cronbach 1951):
 *   alpha = k / (k - 1) * (1 - sum_i var(item_i) / var(total)),  variances with denominator n - 1,
 * total = each participant's sum over the k items. Rows must be complete (same length, no missing value).
 * Null when there are fewer than 2 items or 2 participants, or when the total score does not vary (0/0).
 * Example: cronbachAlpha([[1, 2], [2, 3], [3, 3]]) = 0.8571428571428571.
 */
export function cronbachAlpha(scores: readonly (readonly number[])[]): number | null {
  const n = scores.length;
  if (n < 2) return null;
  const k = scores[0].length;
  if (k < 2) return null;
  for (const row of scores)
    if (row.length !== k) throw new RangeError(`cronbachAlpha: every row needs ${k} items, got ${row.length}`);
  let itemVariances = 0;
  for (let item = 0; item < k; item++) itemVariances += variance(scores.map((row) => row[item])) as number;
  const totalVariance = variance(scores.map((row) => row.reduce((sum, x) => sum + x, 0))) as number;
  if (!(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}
