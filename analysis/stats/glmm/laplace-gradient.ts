import type { Leverages } from './crossed-cholesky.ts';
import type { GlmmData } from './laplace-deviance.ts';
import type { ConditionalModes } from './pirls.ts';
import { lambdaZtVector, linearPredictor } from './random-effects-product.ts';

/**
 * The exact gradient of the Laplace deviance D(theta, beta) = F + log det A (laplace-deviance.ts) at the conditional
 * modes u~, for two crossed random intercepts. F = sum d(y, eta) + ||u||^2 is stationary in u at u~, so u~ moves only
 * log det A (envelope theorem); log det A is differentiated by Jacobi's formula, d log det A = tr(A^{-1} dA)
 * (Magnus & Neudecker 1999, Matrix Differential Calculus, ch. 8), and u~(theta, beta) by its mode equation
 * Lambda' Z' (y - mu) = u (Bates et al. 2015, JSS 67(1), sect. 5.2). Over binomial rows (k successes of m trials,
 * binomial-rows.ts), with r = k - m mu, w = m mu (1 - mu), h_i the leverage of row i (crossed-cholesky.ts),
 * g_i = h_i w_i (1 - 2 mu_i) = d log det A / d eta_i:
 *   dD/dbeta    = -2 X' r + X' g - X' W Z Lambda A^{-1} Lambda' Z' g;
 *   dD/dtheta_k = -2 sum_i r_i v_i + 2 (q_k - tr (A^{-1})_kk) / theta_k + g' (v + Z Lambda du),
 *     v_i = u~ of trial i's level in block k (d eta / d theta_k at fixed u), q_k the block's level count,
 *     A du = E_k Z' r - Lambda' Z' W v (the change of the mode), the middle term 0 at theta_k = 0.
 * Checked against finite differences of D in the tests; lme4 uses no gradient (bobyqa, then deriv12).
 */
export interface LaplaceGradient {
  beta: Float64Array;
  /**
   * dD/dtheta in (sparse, dense) order, computed on first request (the fixed-effect steps need only dD/dbeta), with
   * du~/dtheta of each block at fixed beta (the next evaluation starts PIRLS from u~ + du~/dtheta (theta' - theta)).
   */
  theta(): { sparse: number; dense: number; modeSlopeSparse: Float64Array; modeSlopeDense: Float64Array };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function laplaceGradient(
  data: GlmmData,
  thetaSparse: number,
  thetaDense: number,
  modes: ConditionalModes,
  leverages: Leverages,
): LaplaceGradient {
  const { x, successes, size, design } = data;
  const { n, nSparse, nDense, sparseOfTrial, denseOfTrial, cellOfTrial } = design;
  const { mu, w, u, factor } = modes;
  const r = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = successes[i] - size[i] * mu[i];
    g[i] = leverages.cell[cellOfTrial[i]] * w[i] * (1 - 2 * mu[i]);
  }
  const s = factor.solve(lambdaZtVector(design, thetaSparse, thetaDense, g));
  const zls = linearPredictor(design, new Float64Array(n), thetaSparse, thetaDense, s);
  const betaTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) betaTerm[i] = g[i] - w[i] * zls[i] - 2 * r[i];
  const beta = Float64Array.from(x, (column) => dot(column, betaTerm));

  const thetaDerivative = (sparseBlock: boolean): { slope: number; modeSlope: Float64Array } => {
    const theta = sparseBlock ? thetaSparse : thetaDense;
    const levels = sparseBlock ? nSparse : nDense;
    const trace = sparseBlock ? leverages.traceSparse : leverages.traceDense;
    const v = new Float64Array(n);
    const wv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      v[i] = sparseBlock ? u[sparseOfTrial[i]] : u[nSparse + denseOfTrial[i]];
      wv[i] = w[i] * v[i];
    }
    const rhs = lambdaZtVector(design, thetaSparse, thetaDense, wv);
    for (let k = 0; k < rhs.length; k++) rhs[k] = -rhs[k];
    for (let i = 0; i < n; i++) {
      if (sparseBlock) rhs[sparseOfTrial[i]] += r[i];
      else rhs[nSparse + denseOfTrial[i]] += r[i];
    }
    const du = factor.solve(rhs);
    const dEta = linearPredictor(design, v, thetaSparse, thetaDense, du);
    const direct = theta === 0 ? 0 : (2 * (levels - trace)) / theta;
    return { slope: -2 * dot(r, v) + direct + dot(g, dEta), modeSlope: du };
  };
  let theta: ReturnType<LaplaceGradient['theta']> | null = null;
  const thetaGradient = (): ReturnType<LaplaceGradient['theta']> => {
    const sparse = thetaDerivative(true);
    const dense = thetaDerivative(false);
    return { sparse: sparse.slope, dense: dense.slope, modeSlopeSparse: sparse.modeSlope, modeSlopeDense: dense.modeSlope };
  };
  return { beta, theta: () => (theta ??= thetaGradient()) };
}
