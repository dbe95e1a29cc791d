/**
 * Sorts `values` in place in ascending order and returns it, exactly as `Float64Array.prototype.sort()` does (the
 * sorted sequence of a set of numbers is unique, so any correct sort gives the same array). Non-negative integers
 * spanning a range no wider than twice their number (response times in ms, counts) are sorted by counting, in linear
 * time; anything else (fractions, negatives, -0, NaN, a wide range) by the native sort.
 * Example: sortAscending(Float64Array.of(30, 10, 20, 10)) = [10, 10, 20, 30].
 */
export function sortAscending(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 64) return values.sort();
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // Not an integer (or NaN), negative, or -0 (which the native sort puts before 0): no counting.
    if (!Number.isInteger(v) || v < 0 || (v === 0 && 1 / v < 0)) return values.sort();
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min + 1;
  if (span > 2 * n) return values.sort();
  const counts = new Int32Array(span);
  for (let i = 0; i < n; i++) counts[values[i] - min]++;
  let at = 0;
  for (let k = 0; k < span; k++) {
    const value = k + min;
    for (let c = counts[k]; c > 0; c--) values[at++] = value;
  }
  return values;
}
