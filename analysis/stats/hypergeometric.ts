import { lgammaCorrection, logGamma } from './log-gamma.ts';

/**
 * Log probability of the hypergeometric distribution: drawing n balls from `white` white and `black` black ones,
 * the chance of exactly x white ones. Computed with Loader's saddle-point method (as R's `dhyper` and Boost do),
 * which keeps ~1e-14 relative accuracy for large counts, where the sum of log-factorials
 * ln C(w, x) + ln C(b, n-x) - ln C(w+b, n) would lose ~1e-10 to cancellation at N ~ 1e6.
 *   dhyper(x) = dbinom(x; w, p) dbinom(n-x; b, p) / dbinom(n; w+b, p),  p = n / (w+b)  (any p gives the same ratio)
 *   ln dbinom(x; m, p) = stirlerr(m) - stirlerr(x) - stirlerr(m-x) - bd0(x, mp) - bd0(m-x, mq) - 0.5 ln(2 pi x (m-x)/m)
 * Source: C. Loader, "Fast and accurate computation of binomial probabilities" (2000); R nmath dbinom.c, dhyper.c.
 * Example: exp(hypergeometricLogPmf(1, 4, 4, 4)) = 16/70.
 */
export function hypergeometricLogPmf(x: number, white: number, black: number, n: number): number {
  if (x < 0 || x > white || n - x < 0 || n - x > black) return -Infinity;
  const total = white + black;
  const p = n / total;
  const q = (total - n) / total;
  return logBinomialPmf(x, white, p, q) + logBinomialPmf(n - x, black, p, q) - logBinomialPmf(n, total, p, q);
}

const LN_2PI = 1.8378770664093454836;
const LN_SQRT_2PI = 0.9189385332046727418;

/** ln(n!) - ln(sqrt(2 pi n) (n/e)^n): Stirling's error term. */
function stirlingError(n: number): number {
  if (n >= 10) return lgammaCorrection(n);
  if (n === 0) return 0;
  return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}

/** x ln(x / np) + np - x, computed without cancellation when x is close to np. */
function deviance(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/** ln of the binomial probability of x successes in m trials of probability p (q = 1 - p), R's dbinom_raw. */
function logBinomialPmf(x: number, m: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === m ? 0 : -Infinity;
  if (x === 0) {
    if (m === 0) return 0;
    return p < 0.1 ? -deviance(m, m * q) - m * p : m * Math.log(q);
  }
  if (x === m) return q < 0.1 ? -deviance(m, m * p) - m * q : m * Math.log(p);
  if (x < 0 || x > m) return -Infinity;
  const lc = stirlingError(m) - stirlingError(x) - stirlingError(m - x) - deviance(x, m * p) - deviance(m - x, m * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / m);
  return lc - 0.5 * lf;
}
