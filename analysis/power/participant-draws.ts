import type { RandomStream } from './random-stream.ts';

/**
 * Gamma(shape, 1) variate by Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
 * 26(3): d = shape - 1/3, c = 1/sqrt(9d); accept v = (1 + c z)^3 when log u < z^2/2 + d - d v + d log v.
 * Shapes below 1 use Gamma(shape + 1) * u^(1/shape) (same paper, section 6).
 */
export function gammaVariate(shape: number, rng: RandomStream): number {
  if (shape < 1) return gammaVariate(shape + 1, rng) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * z * z * z * z) return d * v;
    if (Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(alpha, beta) variate as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function betaVariate(alpha: number, beta: number, rng: RandomStream): number {
  const x = gammaVariate(alpha, rng);
  const y = gammaVariate(beta, rng);
  return x / (x + y);
}

/**
 * Binomial(n, p) variate by inversion of the CDF (sequential search from 0, pmf by the recurrence
 * f(k+1) = f(k) (n-k)/(k+1) p/(1-p)). Trial counts per participant are small (tens), so the expected n p steps are
 * cheaper than any rejection method. p is folded to <= 1/2 so that (1-p)^n cannot underflow for n <= 500.
 */
export function binomialVariate(n: number, p: number, rng: RandomStream): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialVariate(n, 1 - p, rng);
  const odds = p / (1 - p);
  let f = Math.pow(1 - p, n);
  let u = rng.uniform();
  let k = 0;
  while (u > f && k < n) {
    u -= f;
    f *= ((n - k) / (k + 1)) * odds;
    k++;
  }
  return k;
}
