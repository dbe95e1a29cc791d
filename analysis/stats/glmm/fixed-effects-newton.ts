import { choleskyInPlace, choleskySolveInPlace } from './dense-cholesky.ts';
import { laplaceDeviance, type GlmmData } from './laplace-deviance.ts';
import type { ConditionalModes } from './pirls.ts';
import { laplaceGradient, type LaplaceGradient } from './laplace-gradient.ts';
import { lambdaZtVector } from './random-effects-product.ts';

/**
 * Minimises the Laplace deviance D(theta, beta) over beta for a fixed theta (laplace-deviance.ts), so that the outer
 * optimiser searches theta alone (2 parameters) instead of (theta, beta) as lme4's stage-2 bobyqa does; the optimum
 * is the same point. Newton-type steps beta <- beta - H^{-1} g with
 *   the exact gradient (u~ depends on beta through its mode equation, Bates et al. 2015 sect. 5.2; the derivative of
 *   log det A by Jacobi's formula): with h_i = z_i' Lambda A^{-1} Lambda' z_i and g_i = h_i w_i (1 - 2 mu_i),
 *     dD/dbeta = -2 X' (y - mu) + X' g - X' W Z Lambda A^{-1} Lambda' Z' g,
 *   and H = 2 RX' RX = 2 (X' W X - X' W Z Lambda A^{-1} Lambda' Z' W X), the Hessian of the penalised deviance
 *   profiled over u (lme4's RX factor; it leaves out the small second derivative of log det A),
 * halving a step that does not lower D. Stops when the Newton decrement g' H^{-1} g is below 1e-8.
 * Returns also 2 H^{-1}, the covariance of beta "from RX" (lme4's `vcov(m, use.hessian = FALSE)`).
 */
export interface FixedEffectsFit {
  beta: Float64Array;
  modes: ConditionalModes;
  /** 2 (X' W X - ...)^{-1}: the RX covariance, row-major p x p. */
  covarianceRX: Float64Array;
  /** The gradient of D over (theta, beta) at (theta, beta, modes). */
  gradient: LaplaceGradient;
  /** M = A^{-1} Lambda' Z' W X, one column per beta: du~/dbeta_j = -M_j at the final modes. */
  modeChange: Float64Array[];
  converged: boolean;
}

/** H = 2 RX'RX and the gradient of D over beta at the conditional modes (laplace-gradient.ts). */
function newtonSystem(
  data: GlmmData,
  ts: number,
  td: number,
  modes: ConditionalModes,
): { h: Float64Array; gradient: LaplaceGradient; modeChange: Float64Array[] } {
  const { x, design } = data;
  const { n } = design;
  const p = x.length;
  const { w, factor } = modes;
  const gradient = laplaceGradient(data, ts, td, modes, factor.leverages());
  // K = Lambda' Z' W X (q x p), M = A^{-1} K, H = 2 (X'WX - K'M).
  const weighted = new Float64Array(n);
  const k = x.map((column) => {
    for (let i = 0; i < n; i++) weighted[i] = column[i] * w[i];
    return lambdaZtVector(design, ts, td, weighted);
  });
  const m = k.map((column) => factor.solve(column));
  const h = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    const xa = x[a];
    for (let i = 0; i < n; i++) weighted[i] = xa[i] * w[i];
    for (let b = 0; b <= a; b++) {
      const xb = x[b];
      let xwx = 0;
      for (let i = 0; i < n; i++) xwx += weighted[i] * xb[i];
      const ka = k[a];
      const mb = m[b];
      let km = 0;
      for (let q = 0; q < ka.length; q++) km += ka[q] * mb[q];
      h[a * p + b] = h[b * p + a] = 2 * (xwx - km);
    }
  }
  return { h, gradient, modeChange: m };
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
  let gradient: LaplaceGradient | null = null;
  let modeChange: Float64Array[] = [];
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const system = newtonSystem(data, thetaSparse, thetaDense, modes);
    const { h } = system;
    modeChange = system.modeChange;
    gradient = system.gradient;
    const grad = gradient.beta;
    factorH = h;
    if (!choleskyInPlace(factorH, p)) return null;
    const step = grad.slice();
    choleskySolveInPlace(factorH, p, step);
    let decrement = 0;
    for (let j = 0; j < p; j++) decrement += grad[j] * step[j];
    if (decrement < 1e-8) {
      converged = true;
      break;
    }
    let t = 1;
    let accepted = false;
    for (let halving = 0; halving < 30 && !accepted; halving++, t /= 2) {
      const candidate = beta.map((b, j) => b - t * step[j]);
      // Start PIRLS from the first-order change of the mode, du~/dbeta = -A^{-1} Lambda' Z' W X = -M.
      const uStartNext = modes.u.slice();
      modeChange.forEach((column, j) => {
        for (let q = 0; q < column.length; q++) uStartNext[q] += t * step[j] * column[q];
      });
      const next = laplaceDeviance(data, thetaSparse, thetaDense, candidate, uStartNext);
      if (next !== null && next.laplaceDeviance <= modes.laplaceDeviance + 1e-12 * Math.abs(modes.laplaceDeviance)) {
        beta = candidate;
        modes = next;
        accepted = true;
      }
    }
    if (!accepted) break;
    gradient = null; // modes moved: the gradient is recomputed at the top of the loop
  }
  if (gradient === null) {
    const system = newtonSystem(data, thetaSparse, thetaDense, modes);
    gradient = system.gradient;
    modeChange = system.modeChange;
    factorH = system.h;
    if (!choleskyInPlace(factorH, p)) return null;
  }
  const covarianceRX = inverseOfFactor(factorH, p).map((v) => 2 * v);
  return { beta, modes, covarianceRX, gradient, modeChange, converged };
}

