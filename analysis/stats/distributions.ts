import { createRequire } from 'node:module';
import type JStat from 'jstat';

/** jStat (CommonJS), required at the first normal quantile only: an analysis never needs one (30 ms of start-up). */
let jStatModule: typeof JStat | undefined;
const jStat = (): typeof JStat => (jStatModule ??= createRequire(import.meta.url)('jstat') as typeof JStat);
import { regularizedBeta } from './incomplete-beta.ts';
import { regularizedUpperGamma } from './incomplete-gamma.ts';

/**
 * Tail probabilities and quantiles: THE one place where Confiance computes them.
 *
 * jStat is avoided where it is wrong: `studentt.cdf` fails for df > ~1e4, `anovaftest`/`ftest` return 0 for tiny p,
 * `normal.cdf` fails below -7, one-sided `ttest` ignores direction, and `ibeta` converges only to 3e-7. So the tails
 * are written as regularized incomplete beta/gamma functions (./incomplete-beta.ts, ./incomplete-gamma.ts) evaluated
 * to ~1e-13 relative down to the smallest normal double; jStat only gives the starting point of `normalQuantile`.
 * Results below ~1e-308 are subnormal (less precise) and below 5e-324 they are 0. Invalid input gives NaN.
 * Sources: Abramowitz & Stegun 26.5.27 (t), 26.6.2 (F), 26.4.19 (chi-square); Numerical Recipes 3rd ed. 6.14.
 */

/**
 * Two-sided p of Student's t: P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2).
 * Example: studentTTwoSidedP(2.0, 10) = 0.07338803477074037 (`2 * scipy.stats.t.sf(2, 10)`).
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  if (df === Infinity) return normalTwoSidedP(t);
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/**
 * One-sided upper tail of Student's t: P(T >= t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 for t >= 0, 1 minus that for t < 0.
 * Example: studentTUpperP(2.0, 10) = 0.03669401738537018 (`scipy.stats.t.sf(2, 10)`).
 */
export function studentTUpperP(t: number, df: number): number {
  const half = 0.5 * studentTTwoSidedP(t, df);
  return t >= 0 ? half : 1 - half;
}

/**
 * Upper tail of Fisher's F: P(F' >= F) = I_{d2/(d2+d1 F)}(d2/2, d1/2).
 * Example: fUpperP(3, 2, 20) = 0.07253815028640571 (`scipy.stats.f.sf(3, 2, 20)`).
 */
export function fUpperP(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const d1f = d1 * f;
  return regularizedBeta(d2 / (d2 + d1f), d2 / 2, d1 / 2, d1f / (d2 + d1f));
}

/**
 * Upper tail of chi-square with k degrees of freedom: Q(k/2, x/2), the regularized upper incomplete gamma function.
 * Example: chiSquareUpperP(3.841458820694124, 1) = 0.05 (`scipy.stats.chi2.sf(3.841458820694124, 1)`).
 */
export function chiSquareUpperP(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedUpperGamma(k / 2, x / 2);
}

/**
 * Two-sided p of a standard normal z: P(|Z| >= |z|) = P(chi2_1 >= z^2), exact in the far tail (no 1 - Phi cancellation).
 * Example: normalTwoSidedP(1.959963984540054) = 0.05.
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return chiSquareUpperP(z * z, 1);
}

/**
 * Standard normal distribution function Phi(z), accurate in both tails (Phi(-37) = 5.7e-300, not 0).
 * Example: normalCdf(-1.959963984540054) = 0.025.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const half = 0.5 * normalTwoSidedP(z);
  return z < 0 ? half : 1 - half;
}

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Quantile of the standard normal: z such that Phi(z) = p. jStat's estimate refined by Halley steps on the accurate
 * `normalCdf`, working in the lower tail so that p down to 1e-300 keeps full relative precision.
 * Example: normalQuantile(0.975) = 1.959963984540054 (`scipy.stats.norm.ppf(0.975)`).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerTailQuantile(1 - p);
  return lowerTailQuantile(p);
}

/** z < 0 with Phi(z) = p, for 0 < p < 0.5. */
function lowerTailQuantile(p: number): number {
  let z = jStat().normal.inv(p, 0, 1);
  // jStat's erfc loses relative precision in the far tail; a rough start is enough for Halley's cubic convergence.
  if (!Number.isFinite(z) || z >= 0) z = -Math.sqrt(-2 * Math.log(p));
  for (let i = 0; i < 8; i++) {
    const density = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    if (density === 0) break;
    const u = (normalCdf(z) - p) / density;
    const step = u / (1 + 0.5 * z * u);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}

/**
 * Quantile of Student's t with df degrees of freedom: t such that P(T <= t) = p, by bisection on the accurate upper
 * tail `studentTUpperP` (bracket doubled until it holds the root, then halved to the last representable step).
 * Example: studentTQuantile(0.975, 5) = 2.5705818356363146 (`scipy.stats.t.ppf(0.975, 5)`, SciPy 1.17.1).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const upper = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentTUpperP(hi, df) > upper) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (studentTUpperP(mid, df) > upper) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
