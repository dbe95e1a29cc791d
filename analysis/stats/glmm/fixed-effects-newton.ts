import { choleskyInPlace, choleskySolveInPlace } from './dense-cholesky.ts';
import { laplaceDeviance, type GlmmData } from './laplace-deviance.ts';
import type { ConditionalModes } from './pirls.ts';
import { lambdaZtVector, linearPredictor } from './random-effects-product.ts';

/**
 * Minimises the Laplace deviance D(theta, beta) over beta for a fixed theta (laplace-deviance.ts), so that the outer
 * optimiser searches theta alone (2 parameters) instead of (theta, beta) as lme4's stage-2 bobyqa does; the optimum
 * is the same point. Newton-type steps beta <- beta - H^{-1} g with
 *   the exact gradient (u~ depends on beta through its mode equation, Bates et al. 2015 sect. 5.2; the derivative of
 *   log det A by Jacobi's formula): with h_i = z_i' Lambda A^{-1} Lambda' z_i and g_i = h_i w_i (1 - 2 mu_i),
 *     dD/dbeta = -2 X' (y - mu) + X' g - X' W Z Lambda A^{-1} Lambda' Z' g,
 *   and H = 2 RX' RX = 2 (X' W X - X' W Z Lambda A^{-1} Lambda' Z' W X), the Hessian of the penalised deviance
 *   profiled over u (lme4's RX factor; it leaves out the small second derivative of log det A),
 * halving a step that does not lower D. Stops when the Newton decrement g' H^{-1} g is below 1e-9.
 * Returns also 2 H^{-1}, the covariance of beta "from RX" (lme4's `vcov(m, use.hessian = FALSE)`).
 */
export interface FixedEffectsFit {
  beta: Float64Array;
  modes: ConditionalModes;
  /** 2 (X' W X - ...)^{-1}: the RX covariance, row-major p x p. */
  covarianceRX: Float64Array;
  converged: boolean;
}

function dotColumn(column: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += column[i] * v[i];
  return s;
}

/** H = 2 RX'RX and the gradient of D over beta at the conditional modes. */
function newtonSystem(data: GlmmData, ts: number, td: number, modes: ConditionalModes): { h: Float64Array; grad: Float64Array } {
  const { x, y, design } = data;
  const { n } = design;
  const p = x.length;
  const { mu, w, factor } = modes;
  const cellH = factor.cellLeverages();
  const g = new Float64Array(n);
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = cellH[design.cellOfTrial[i]] * w[i] * (1 - 2 * mu[i]);
    residual[i] = y[i] - mu[i];
  }
  const s = factor.solve(lambdaZtVector(design, ts, td, g));
  const zls = linearPredictor(design, new Float64Array(n), ts, td, s);
  for (let i = 0; i < n; i++) zls[i] = g[i] - w[i] * zls[i] - 2 * residual[i];
  const grad = Float64Array.from(x, (column) => dotColumn(column, zls));
  // K = Lambda' Z' W X (q x p), M = A^{-1} K, H = 2 (X'WX - K'M).
  const k = x.map((column) => lambdaZtVector(design, ts, td, column.map((v, i) => v * w[i])));
  const m = k.map((column) => factor.solve(column));
  const h = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) {
      let xwx = 0;
      for (let i = 0; i < n; i++) xwx += x[a][i] * w[i] * x[b][i];
      let km = 0;
      for (let q = 0; q < k[a].length; q++) km += k[a][q] * m[b][q];
      h[a * p + b] = h[b * p + a] = 2 * (xwx - km);
    }
  return { h, grad };
}

function inverseOfFactor(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    choleskySolveInPlace(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = e[i];
  }
  return inv;
}

export function fitFixedEffects(
  data: GlmmData,
  thetaSparse: number,
  thetaDense: number,
  betaStart: ArrayLike<number>,
  uStart: Float64Array,
  maxIterations = 50,
): FixedEffectsFit | null {
  const p = data.x.length;
  let beta: Float64Array = Float64Array.from(betaStart);
  let modes = laplaceDeviance(data, thetaSparse, thetaDense, beta, uStart);
  if (modes === null) return null;
  let converged = false;
  let factorH: Float64Array = new Float64Array(p * p);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { h, grad } = newtonSystem(data, thetaSparse, thetaDense, modes);
    factorH = h;
    if (!choleskyInPlace(factorH, p)) return null;
    const step = grad.slice();
    choleskySolveInPlace(factorH, p, step);
    let decrement = 0;
    for (let j = 0; j < p; j++) decrement += grad[j] * step[j];
    if (decrement < 1e-9) {
      converged = true;
      break;
    }
    let t = 1;
    let accepted = false;
    for (let halving = 0; halving < 30 && !accepted; halving++, t /= 2) {
      const candidate = beta.map((b, j) => b - t * step[j]);
      const next = laplaceDeviance(data, thetaSparse, thetaDense, candidate, modes.u);
      if (next !== null && next.laplaceDeviance <= modes.laplaceDeviance + 1e-12 * Math.abs(modes.laplaceDeviance)) {
        beta = candidate;
        modes = next;
        accepted = true;
      }
    }
    if (!accepted) break;
  }
  const covarianceRX = inverseOfFactor(factorH, p).map((v) => 2 * v);
  return { beta, modes, covarianceRX, converged };
}

