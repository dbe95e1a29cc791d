import { Z_95 } from './wilson.ts';

/**
 * 95% confidence intervals of standardized mean differences by the large-sample normal approximation
 * (Hedges & Olkin 1985, ch. 5; Borenstein et al. 2009, Introduction to Meta-Analysis, eq. 4.20-4.24):
 *   independent groups:  Var(g) = (nA + nB) / (nA nB) + g^2 / (2 (nA + nB - 3.94)),
 *   g +- z_{0.975} sqrt(Var(g)), z = 1.959963984540054.
 * The variance is exactly the one of `statsmodels.stats.meta_analysis.effectsize_smd(mA, sdA, nA, mB, sdB, nB)[1]`
 * (statsmodels 0.13), evaluated at the bias-corrected g as here; its nA + nB - 3.94 (instead of nA + nB) is the
 * small-sample refinement of Hedges & Olkin's large-sample variance. This approximation is slightly narrow for n < 10 per group (the exact
 * interval inverts the noncentral t); it is the interval meta-analyses use.
 * Edge cases: g null, or a group below 2, gives null.
 * Example: hedgesGInterval(0.5, 20, 20) = [-0.13044594302554202, 1.130445943025542].
 */
export function hedgesGInterval(g: number | null, nA: number, nB: number): [number, number] | null {
  if (g === null || nA < 2 || nB < 2) return null;
  const half = Z_95 * Math.sqrt((nA + nB) / (nA * nB) + (g * g) / (2 * (nA + nB - 3.94)));
  return [g - half, g + half];
}

/**
 * Paired designs (standardizer = SD of the differences, d_z or its corrected g_z), the same normal approximation:
 *   Var(g_z) = 1 / n + g_z^2 / (2 n)   (Becker 1988; Borenstein et al. 2009 eq. 4.28 with the change-score SD),
 *   g_z +- z_{0.975} sqrt(Var(g_z)).
 * Reference: that formula evaluated in NumPy (no SciPy function gives it), see test/stats/fixtures.
 * Edge cases: g null or n < 2 gives null.
 * Example: pairedEffectInterval(0.5, 20) = [0.035153725771578825, 0.9648462742284212].
 */
export function pairedEffectInterval(g: number | null, n: number): [number, number] | null {
  if (g === null || n < 2) return null;
  const half = Z_95 * Math.sqrt(1 / n + (g * g) / (2 * n));
  return [g - half, g + half];
}
