/** z for a two-sided 95% interval: `scipy.stats.norm.ppf(0.975)`. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion k/n (Wilson 1927; Newcombe 1998, method 3):
 *   centre = (p + z^2/(2n)) / (1 + z^2/n),  half-width = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2)).
 * n = 0 gives null. The bounds are clamped to exactly 0 when k = 0 and 1 when k = n (they are, up to rounding).
 * Same as `scipy.stats.binomtest(k, n).proportion_ci(0.95, method='wilson')`.
 * Example: wilsonInterval(8, 10) = [0.4901624715366418, 0.9433178485456248].
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): [number, number] | null {
  if (n === 0) return null;
  if (!(n > 0) || !(k >= 0) || k > n) throw new RangeError(`wilsonInterval: need 0 <= k <= n, got k=${k}, n=${n}`);
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const lo = k === 0 ? 0 : Math.max(0, centre - half);
  const hi = k === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}
