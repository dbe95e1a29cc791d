/**
 * Percentile of sorted values by linear interpolation between order statistics: Hyndman & Fan (1996) type 7, the
 * default of R's `quantile` and of `numpy.percentile`/`numpy.quantile` (method='linear').
 *   h = (m - 1) q,  value = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])   (0-based, ascending x).
 * Empty input gives null.
 * Example: quantileSorted([1, 2, 3, 4], 0.25) = 1.75.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const m = sorted.length;
  if (m === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileSorted: q must be in [0, 1], got ${q}`);
  const h = (m - 1) * q;
  const below = Math.floor(h);
  if (below >= m - 1) return sorted[m - 1];
  return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
}
