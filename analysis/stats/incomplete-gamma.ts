import { logGamma } from './log-gamma.ts';

/**
 * Regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a) = 1 - P(a, x).
 *
 * Series for P when x < a + 1 (then Q = 1 - P does not lose relative precision, Q > ~0.3), continued fraction for Q
 * otherwise, so tiny upper tails are computed directly instead of as 1 - P (which underflows to 0 below ~1e-16).
 * Source: Numerical Recipes 3rd ed., section 6.2 (`gser`, `gcf`, modified Lentz).
 * Example: Q(0.5, 0.5 * 3.841458820694124) = 0.05 (chi-square 1 df, 95th percentile).
 */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) return 1 - Math.exp(logFront) * lowerSeries(a, x);
  return Math.exp(logFront) * upperContinuedFraction(a, x);
}

const TINY = 1e-300;
const EPSILON = 1e-16;

function maxIterations(a: number): number {
  return 1000 + Math.ceil(20 * Math.sqrt(a));
}

/** P(a, x) = exp(logFront) * sum_n x^n / (a (a+1) ... (a+n)). */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  const limit = maxIterations(a) + Math.ceil(x);
  for (let n = 0; n < limit; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPSILON) break;
  }
  return sum;
}

/** Q(a, x) = exp(logFront) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))). */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const limit = maxIterations(a);
  for (let i = 1; i <= limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPSILON) break;
  }
  return h;
}
