import { studentTUpperP } from './distributions.ts';
import { mean, variance } from './mean-sd.ts';

export interface TostResult {
  /** The declared equivalence bounds (-margin, +margin) of the difference A - B. */
  lower_bound: number;
  upper_bound: number;
  difference: number;
  df: number;
  /** One-sided test of H0: difference <= lower bound (t and its upper-tail p). */
  t_lower: number;
  p_lower: number;
  /** One-sided test of H0: difference >= upper bound (t and its lower-tail p). */
  t_upper: number;
  p_upper: number;
  /** max(p_lower, p_upper): equivalence is claimed at level alpha when p < alpha. */
  p: number;
}

/**
 * Two one-sided tests of equivalence (Schuirmann 1987; Lakens 2017) of the mean difference A - B within
 * [low, upp] = [-margin, +margin], on the same standard error and df as the two-sided test beside it:
 *   t_lower = (diff - low) / se,  p_lower = P(T_df >= t_lower);  t_upper = (diff - upp) / se,  p_upper = P(T_df <= t_upper);
 *   p = max(p_lower, p_upper).
 * `tostWelch`: independent groups, Welch se and Satterthwaite df; same p, t's and df as
 * `statsmodels.stats.weightstats.ttost_ind(A, B, -margin, margin, usevar='unequal')`.
 * `tostPaired`: d = A - B, se = sd(d) / sqrt(n), df = n - 1; same as `statsmodels...ttost_paired(A, B, -margin, margin)`.
 * Edge cases: margin must be > 0; a group (or the pairs) below 2 values, or a zero standard error, gives null.
 * Example: tostPaired([0.5, 0.6, 0.7, 0.55], [0.52, 0.58, 0.69, 0.57], 0.1) gives p = 0.0012523222886143 (equivalent at 5%;
 *   statsmodels 0.13.5 `ttost_paired` on the same arrays).
 */
export function tostWelch(a: ArrayLike<number>, b: ArrayLike<number>, margin: number): TostResult | null {
  checkMargin(margin);
  const nA = a.length;
  const nB = b.length;
  if (nA < 2 || nB < 2) return null;
  const seA = (variance(a) as number) / nA;
  const seB = (variance(b) as number) / nB;
  const se2 = seA + seB;
  if (!(se2 > 0)) return null;
  const df = (se2 * se2) / ((seA * seA) / (nA - 1) + (seB * seB) / (nB - 1));
  return twoOneSided((mean(a) as number) - (mean(b) as number), Math.sqrt(se2), df, margin);
}

export function tostPaired(a: ArrayLike<number>, b: ArrayLike<number>, margin: number): TostResult | null {
  checkMargin(margin);
  if (a.length !== b.length) throw new RangeError(`tostPaired: ${a.length} values in A but ${b.length} in B`);
  const n = a.length;
  if (n < 2) return null;
  const d = Float64Array.from({ length: n }, (_, i) => a[i] - b[i]);
  const se = Math.sqrt((variance(d) as number) / n);
  if (!(se > 0)) return null;
  return twoOneSided(mean(d) as number, se, n - 1, margin);
}

function twoOneSided(difference: number, se: number, df: number, margin: number): TostResult {
  const tLower = (difference + margin) / se;
  const tUpper = (difference - margin) / se;
  const pLower = studentTUpperP(tLower, df);
  const pUpper = studentTUpperP(-tUpper, df);
  return {
    lower_bound: -margin,
    upper_bound: margin,
    difference,
    df,
    t_lower: tLower,
    p_lower: pLower,
    t_upper: tUpper,
    p_upper: pUpper,
    p: Math.max(pLower, pUpper),
  };
}

function checkMargin(margin: number): void {
  if (!(margin > 0) || !Number.isFinite(margin)) throw new RangeError(`TOST: the margin must be a number > 0, got ${margin}`);
}
