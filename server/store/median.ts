/** Median of a sample (mean of the two middle values for an even size); null when empty. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically, natively: a study's completion times sort in milliseconds.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
