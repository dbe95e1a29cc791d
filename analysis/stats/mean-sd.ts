/**
 * Arithmetic mean and sample variance (denominator n - 1), two-pass for accuracy.
 * Formulas: mean = sum(x) / n; variance = sum((x - mean)^2) / (n - 1) (`numpy.var(x, ddof=1)`).
 * Empty input gives null for the mean; fewer than two values give null for the variance and SD.
 * Example: variance([1, 2, 3, 4]) = 1.6666666666666667.
 */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const first = sum / n;
  // Second pass corrects the rounding of the first (Bjorck's correction).
  let residual = 0;
  for (let i = 0; i < n; i++) residual += values[i] - first;
  return first + residual / n;
}

export function variance(values: ArrayLike<number>): number | null {
  const n = values.length;
  const m = mean(values);
  if (m === null || n < 2) return null;
  let squares = 0;
  let deviations = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    squares += d * d;
    deviations += d;
  }
  // Corrected two-pass algorithm (Chan, Golub & LeVeque 1983).
  return (squares - (deviations * deviations) / n) / (n - 1);
}

export function standardDeviation(values: ArrayLike<number>): number | null {
  const v = variance(values);
  return v === null ? null : Math.sqrt(v);
}
