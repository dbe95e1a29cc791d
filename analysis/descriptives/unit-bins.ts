/**
 * Counts of values in [0, 1] over `bins` equal bins [0, 1/bins), ..., [(bins-1)/bins, 1] (1 goes in the last bin;
 * values outside [0, 1] go to the nearest end bin).
 * Example: binUnit([0, 0.05, 0.5, 1], 10) = [2, 0, 0, 0, 0, 1, 0, 0, 0, 1].
 */
export function binUnit(values: ArrayLike<number>, bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(values[i] * bins)))]++;
  return counts;
}
