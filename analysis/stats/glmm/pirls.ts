import type { CrossedDesign } from './crossed-design.ts';
import { factorCrossed, type CrossedFactor } from './crossed-cholesky.ts';
import { bernoulliMeanAndDeviance } from './logistic.ts';
import { lambdaZtVector, linearPredictor } from './random-effects-product.ts';

/**
 * Penalised iteratively reweighted least squares (PIRLS) for the conditional modes of the spherical random effects u
 * given theta and the fixed part of the linear predictor (offset = X beta): Bates et al. 2015, JSS 67(1), sect. 5.2
 * and the lme4 vignette "PIRLS" (lme4's `pwrssUpdate` with `uOnly = TRUE`, used by glmer's nAGQ = 1 deviance).
 * It minimises the penalised deviance
 *   F(u) = sum_i d(y_i, eta_i) + ||u||^2,   eta = offset + Z Lambda u,
 * by Newton steps: A delta = Lambda' Z' (y - mu) - u with A = Lambda' Z' W Z Lambda + I, W = diag(mu (1 - mu)),
 * halving the step while F does not decrease. F is convex, so the mode is unique and the start only changes the path.
 * Stops after a full step whose Newton decrement r' delta was below 1e-7 (Newton converges quadratically: the step
 * leaves an error of order 1e-14 in F), or when the decrement before a step is below 1e-12.
 * The result carries the factor of A at the mode, whose log determinant the Laplace deviance adds.
 */
export interface ConditionalModes {
  u: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  w: Float64Array;
  factor: CrossedFactor;
  /** sum of deviance residuals + ||u||^2. */
  penalisedDeviance: number;
  /** The Laplace approximation of -2 log-likelihood: penalisedDeviance + log det A (laplace-deviance.ts). */
  laplaceDeviance: number;
  converged: boolean;
}

interface Evaluation {
  eta: Float64Array;
  mu: Float64Array;
  w: Float64Array;
  f: number;
}

function evaluate(design: CrossedDesign, y: Uint8Array, offset: Float64Array, ts: number, td: number, u: Float64Array): Evaluation {
  const eta = linearPredictor(design, offset, ts, td, u);
  const mu = new Float64Array(design.n);
  const w = new Float64Array(design.n);
  let f = 0;
  for (let i = 0; i < design.n; i++) {
    const { mu: m, deviance } = bernoulliMeanAndDeviance(y[i], eta[i]);
    mu[i] = m;
    w[i] = m * (1 - m);
    f += deviance;
  }
  for (let k = 0; k < u.length; k++) f += u[k] * u[k];
  return { eta, mu, w, f };
}

export function pirls(
  design: CrossedDesign,
  y: Uint8Array,
  offset: Float64Array,
  thetaSparse: number,
  thetaDense: number,
  uStart: Float64Array,
  maxIterations = 60,
): ConditionalModes | null {
  let u = uStart.slice();
  let current = evaluate(design, y, offset, thetaSparse, thetaDense, u);
  let converged = false;
  for (let iteration = 0; iteration < maxIterations && !converged; iteration++) {
    const factor = factorCrossed(design, thetaSparse, thetaDense, current.w);
    if (factor === null) return null;
    const residual = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) residual[i] = y[i] - current.mu[i];
    const rhs = lambdaZtVector(design, thetaSparse, thetaDense, residual);
    for (let k = 0; k < u.length; k++) rhs[k] -= u[k];
    const delta = factor.solve(rhs);
    let decrement = 0;
    for (let k = 0; k < u.length; k++) decrement += rhs[k] * delta[k];
    if (decrement < 1e-12) {
      converged = true;
      break;
    }
    let step = 1;
    for (let halving = 0; halving < 30; halving++, step /= 2) {
      const candidate = u.map((v, k) => v + step * delta[k]);
      const next = evaluate(design, y, offset, thetaSparse, thetaDense, candidate);
      if (next.f <= current.f + 1e-12 * Math.abs(current.f)) {
        u = candidate;
        current = next;
        break;
      }
    }
    converged = step === 1 && decrement < 1e-7;
  }
  const factor = factorCrossed(design, thetaSparse, thetaDense, current.w);
  if (factor === null) return null;
  return {
    u,
    ...current,
    factor,
    penalisedDeviance: current.f,
    laplaceDeviance: current.f + factor.logDet,
    converged,
  };
}
