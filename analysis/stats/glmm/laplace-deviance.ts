import type { CrossedDesign } from './crossed-design.ts';
import { pirls, type ConditionalModes } from './pirls.ts';

/**
 * The Laplace approximation to the deviance (-2 log-likelihood) of a binomial GLMM, glmer's objective at nAGQ = 1
 * (Bates et al. 2015, JSS 67(1), sect. 5.3; lme4 vignette "PIRLS"; lme4's `devfun` of stage 2, parameters
 * c(theta, beta)):
 *   D(theta, beta) = sum_i d(y_i, eta_i) + ||u~||^2 + log det(L L'),   L L' = Lambda' Z' W Z Lambda + I,
 * where u~ is the conditional mode of u given (theta, beta) (pirls.ts) and W is taken at that mode.
 * `logLik(m)` of lme4 is -D / 2 at the optimum; `deviance(m)` is D.
 */
export interface GlmmData {
  /** Successes k and trials m of each binomial row (one 0/1 trial, or identical trials grouped: binomial-rows.ts). */
  successes: Float64Array;
  size: Float64Array;
  /** Columns of the fixed-effect design matrix X, one value per row. */
  x: readonly Float64Array[];
  /** The crossed random-effects design over the rows. */
  design: CrossedDesign;
}

/** X beta. */
export function fixedPredictor(x: readonly Float64Array[], beta: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < x.length; j++) {
    const column = x[j];
    const b = beta[j];
    for (let i = 0; i < n; i++) out[i] += column[i] * b;
  }
  return out;
}

/** D(theta, beta) with the conditional modes found from uStart; null when the penalised system is singular. */
export function laplaceDeviance(
  data: GlmmData,
  thetaSparse: number,
  thetaDense: number,
  beta: ArrayLike<number>,
  uStart: Float64Array,
): ConditionalModes | null {
  return pirls(data, fixedPredictor(data.x, beta, data.design.n), thetaSparse, thetaDense, uStart);
}
