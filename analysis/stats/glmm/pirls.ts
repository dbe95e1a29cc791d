import { factorCrossed, type CrossedFactor } from './crossed-cholesky.ts';
import type { GlmmData } from './laplace-deviance.ts';
import { binomialDevianceOfExp, logisticOfExp } from './logistic.ts';
import { lambdaZtVector } from './random-effects-product.ts';

/**
 * Penalised iteratively reweighted least squares (PIRLS) for the conditional modes of the spherical random effects u
 * given theta and the fixed part of the linear predictor (offset = X beta): Bates et al. 2015, JSS 67(1), sect. 5.2
 * and the lme4 vignette "PIRLS" (lme4's `pwrssUpdate` with `uOnly = TRUE`, used by glmer's nAGQ = 1 deviance).
 * It minimises the penalised deviance
 *   F(u) = sum_rows d(k, m, eta) + ||u||^2,   eta = offset + Z Lambda u,
 * by Newton steps: A delta = Lambda' Z' (k - m mu) - u with A = Lambda' Z' W Z Lambda + I, W = diag(m mu (1 - mu)),
 * halving the step while F does not decrease. F is convex, so the mode is unique and the start only changes the path
 * (the fit starts each call from the previous modes, which leaves one or two steps).
 * Stops after a full step whose Newton decrement r' delta was below 1e-7 (Newton converges quadratically: the step
 * leaves an error of order 1e-14 in F), or when the decrement before a step is below 1e-12 (then the factor of that
 * iteration is already the factor at the mode and is kept).
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

function emptyEvaluation(n: number): Evaluation {
  return { eta: new Float64Array(n), mu: new Float64Array(n), w: new Float64Array(n), f: 0 };
}

/** eta, mu, w and F at u, written into `into` (one pass over the rows, one exponential per row). */
function evaluateInto(into: Evaluation, data: GlmmData, offset: Float64Array, ts: number, td: number, u: Float64Array): void {
  const { successes, size, design } = data;
  const { n, nSparse, sparseOfTrial, denseOfTrial } = design;
  const { eta, mu, w } = into;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const e = offset[i] + ts * u[sparseOfTrial[i]] + td * u[nSparse + denseOfTrial[i]];
    const ex = Math.exp(-Math.abs(e));
    const m = logisticOfExp(e, ex);
    eta[i] = e;
    mu[i] = m;
    w[i] = size[i] * m * (1 - m);
    f += binomialDevianceOfExp(successes[i], size[i], e, ex);
  }
  for (let k = 0; k < u.length; k++) f += u[k] * u[k];
  into.f = f;
}

export function pirls(
  data: GlmmData,
  offset: Float64Array,
  thetaSparse: number,
  thetaDense: number,
  uStart: Float64Array,
  maxIterations = 60,
): ConditionalModes | null {
  const { design, successes, size } = data;
  const { n } = design;
  const q = uStart.length;
  let u = uStart.slice();
  let candidate = new Float64Array(q);
  let current = emptyEvaluation(n);
  let next = emptyEvaluation(n);
  evaluateInto(current, data, offset, thetaSparse, thetaDense, u);
  const residual = new Float64Array(n);
  let factor: CrossedFactor | null = null;
  let converged = false;
  for (let iteration = 0; iteration < maxIterations && !converged; iteration++) {
    factor = factorCrossed(design, thetaSparse, thetaDense, current.w);
    if (factor === null) return null;
    for (let i = 0; i < n; i++) residual[i] = successes[i] - size[i] * current.mu[i];
    const rhs = lambdaZtVector(design, thetaSparse, thetaDense, residual);
    for (let k = 0; k < q; k++) rhs[k] -= u[k];
    const delta = factor.solve(rhs);
    let decrement = 0;
    for (let k = 0; k < q; k++) decrement += rhs[k] * delta[k];
    if (decrement < 1e-12) {
      converged = true;
      break;
    }
    let step = 1;
    let accepted = false;
    for (let halving = 0; halving < 30; halving++, step /= 2) {
      for (let k = 0; k < q; k++) candidate[k] = u[k] + step * delta[k];
      evaluateInto(next, data, offset, thetaSparse, thetaDense, candidate);
      if (next.f <= current.f + 1e-12 * Math.abs(current.f)) {
        [u, candidate] = [candidate, u];
        [current, next] = [next, current];
        factor = null; // the weights moved: the factor is no longer the one at the current modes
        accepted = true;
        break;
      }
    }
    if (!accepted) break; // F is flat to rounding along the Newton direction: the modes are as good as they get
    converged = step === 1 && decrement < 1e-7;
  }
  factor ??= factorCrossed(design, thetaSparse, thetaDense, current.w);
  if (factor === null) return null;
  return {
    u,
    eta: current.eta,
    mu: current.mu,
    w: current.w,
    factor,
    penalisedDeviance: current.f,
    laplaceDeviance: current.f + factor.logDet,
    converged,
  };
}
