/**
 * Logarithms of the gamma and beta functions, accurate to ~1e-15 relative, including the large-argument
 * cases where `lgamma(a + b) - lgamma(a)` would cancel catastrophically (Student t with df > 1e4).
 *
 * Method (the one R's nmath uses): Stirling's formula with its correction term
 *   lgammaCorrection(x) = lgamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi))
 *                       = 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9) - 691/(360360x^11) + 1/(156x^13)
 * for x >= 10 (next term < 4e-17 there), and the recurrence Gamma(x + 1) = x Gamma(x) below 10.
 * Source: Abramowitz & Stegun 6.1.40; R nmath lgammacor.c and lbeta.c.
 * Example: logGamma(0.5) = ln sqrt(pi) = 0.5723649429247001.
 */

const LN_SQRT_2PI = 0.9189385332046727418;

/** Stirling correction term, valid for x >= 10. */
export function lgammaCorrection(x: number): number {
  const x2 = 1 / (x * x);
  const series =
    1 / 12 -
    x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 * (1 / 1188 - x2 * (691 / 360360 - x2 / 156)))));
  return series / x;
}

/** ln Gamma(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + lgammaCorrection(x);
  // Shift up to 10 with Gamma(x) = Gamma(x + m) / (x (x+1) ... (x+m-1)).
  let product = 1;
  let shifted = x;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - Math.log(product);
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b), without cancellation when a or b is large. */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) return Number.NaN;
  if (p >= 10) {
    const corr = lgammaCorrection(p) + lgammaCorrection(q) - lgammaCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = lgammaCorrection(q) - lgammaCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}
