import { normalTwoSidedP } from '../distributions.ts';
import { crossedDesign } from './crossed-design.ts';
import { choleskyInPlace, choleskyInverse } from './dense-cholesky.ts';
import type { DesignMatrix } from './design-matrix.ts';
import { finiteDifferenceDerivatives } from './finite-difference-hessian.ts';
import { fitFixedEffects, type FixedEffectsFit } from './fixed-effects-newton.ts';
import { laplaceDeviance, type GlmmData } from './laplace-deviance.ts';
import { nelderMead } from './nelder-mead.ts';

/**
 * A binomial (logit) generalised linear mixed model with crossed random intercepts for participants and cases,
 * fitted by maximum likelihood with the Laplace approximation: the same model and estimates as
 *   lme4::glmer(y ~ <X> + (1 | participant_id) + (1 | case_id), family = binomial,
 *               control = glmerControl(optimizer = "bobyqa"))        (nAGQ = 1, lme4 1.1)
 * (Bates, Maechler, Bolker & Walker 2015, "Fitting Linear Mixed-Effects Models Using lme4", JSS 67(1); lme4 vignette
 * "PIRLS"). Steps, each in its own module:
 *   1. conditional modes of the random effects by PIRLS (pirls.ts), on the crossed structure (crossed-cholesky.ts);
 *   2. the Laplace deviance D(theta, beta) (laplace-deviance.ts);
 *   3. beta minimising D for a given theta (fixed-effects-newton.ts), and theta = (participant SD, case SD) minimising
 *      that profile by a bounded Nelder-Mead (nelder-mead.ts) from theta = (1, 1), lme4's start. lme4 minimises over
 *      (theta, beta) jointly after an nAGQ = 0 stage; the optimum is the same point;
 *   4. a theta within 1e-5 of 0 is set to 0 when that does not raise D (lme4's `check.boundary`);
 *   5. standard errors from the finite-difference Hessian of D over (theta, beta), as glmer's `vcov` does
 *      (finite-difference-hessian.ts), falling back to RX when that Hessian is not positive definite.
 * Singular: a theta below 1e-4 (lme4's `isSingular(m, tol = 1e-4)`). Converged: the optimisers stopped on their
 * tolerances and, for a non-singular fit, lme4's gradient check passes (max of min(|g|, |H^{-1/2} g|) < 0.002).
 */
export interface GlmerInput {
  y: Uint8Array;
  fixed: DesignMatrix;
  /** 0-based level of each trial; counts of levels. */
  participant: Int32Array;
  case: Int32Array;
  nParticipants: number;
  nCases: number;
}

export interface GlmerTerm {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
}

export interface GlmerFit {
  n: number;
  fixed: GlmerTerm[];
  /** Random-intercept standard deviations (theta: the residual scale of a binomial model is 1). */
  random: { participant_id: number; case_id: number };
  deviance: number;
  loglik: number;
  singular: boolean;
  converged: boolean;
  /** Where the standard errors come from: lme4's default Hessian, or RX when the Hessian was not usable. */
  seSource: 'hessian' | 'rx';
  /** Plain-language notes: singular fit, convergence failure, fallback. */
  messages: string[];
}

const SINGULAR_TOLERANCE = 1e-4;
const BOUNDARY_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 0.002;

export function fitGlmer(input: GlmerInput): GlmerFit {
  const design = crossedDesign(input.participant, input.case, input.nParticipants, input.nCases);
  const data: GlmmData = { y: input.y, x: input.fixed.columns, design };
  const p = data.x.length;
  // theta is (participant, case) outside; the crossed factor works in (sparse, dense) order.
  const oriented = (theta: readonly number[]): [number, number] =>
    design.firstIsSparse ? [theta[0], theta[1]] : [theta[1], theta[0]];
  let best: FixedEffectsFit | null = fitFixedEffects(data, 0, 0, new Float64Array(p), new Float64Array(design.nSparse + design.nDense));
  if (best === null) throw new Error('the fixed-effect design is singular');
  let warm: FixedEffectsFit = best;
  let innerConverged = true;
  const profile = (theta: number[]): number => {
    const [ts, td] = oriented(theta);
    const fit = fitFixedEffects(data, ts, td, warm.beta, warm.modes.u);
    if (fit === null) return Infinity;
    warm = fit;
    return fit.modes.laplaceDeviance;
  };
  const outer = nelderMead(profile, [1, 1], {
    lower: [0, 0],
    step: 0.25,
    fTolerance: 1e-8,
    xTolerance: 1e-5,
    maxEvaluations: 400,
  });
  const theta = [...outer.x];
  let deviance = profile(theta);
  best = warm;
  innerConverged = best.converged;
  for (let i = 0; i < 2; i++)
    if (theta[i] > 0 && theta[i] < BOUNDARY_TOLERANCE) {
      const atZero = [...theta];
      atZero[i] = 0;
      const d = profile(atZero);
      if (d < deviance) {
        theta[i] = 0;
        deviance = d;
        best = warm;
      }
    }
  const fit = best;
  const [ts, td] = oriented(theta);
  const refit = fitFixedEffects(data, ts, td, fit.beta, fit.modes.u) ?? fit;
  deviance = refit.modes.laplaceDeviance;

  // Standard errors: finite-difference Hessian of D over (theta, beta), as glmer does.
  const parameters = [...theta, ...refit.beta];
  const devianceAt = (x: number[]): number => {
    const [s, d] = oriented(x);
    const modes = laplaceDeviance(data, s, d, x.slice(2), refit.modes.u);
    return modes === null ? NaN : modes.laplaceDeviance;
  };
  const { gradient, hessian } = finiteDifferenceDerivatives(devianceAt, parameters, deviance);
  const k = parameters.length;
  const h = new Float64Array(k * k);
  hessian.forEach((row, i) => row.forEach((v, j) => (h[i * k + j] = v)));
  let covariance: Float64Array | null = null;
  const hFactor = h.slice();
  const hessianPositive = hessian.flat().every(Number.isFinite) && choleskyInPlace(hFactor, k);
  if (hessianPositive) {
    const inv = choleskyInverse(hFactor, k);
    const fromHessian = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) fromHessian[a * p + b] = 2 * inv[(a + 2) * k + b + 2];
    if (fromHessian.every(Number.isFinite)) covariance = fromHessian;
  }
  const seSource = covariance === null ? 'rx' : 'hessian';
  const vcov = covariance ?? refit.covarianceRX;

  const singular = theta.some((t) => t < SINGULAR_TOLERANCE);
  const messages: string[] = [];
  let gradientOk = true;
  if (!singular && hessianPositive) {
    // lme4 checkConv: scaled gradient solve(chol(H), g), compared with the raw gradient.
    const scaled = [...gradient];
    for (let i = 0; i < k; i++) {
      let s = scaled[i];
      for (let m = 0; m < i; m++) s -= hFactor[i * k + m] * scaled[m];
      scaled[i] = s / hFactor[i * k + i];
    }
    const maxMin = Math.max(...gradient.map((g, i) => Math.min(Math.abs(g), Math.abs(scaled[i]))));
    if (maxMin > GRADIENT_TOLERANCE) {
      gradientOk = false;
      messages.push(`the fit did not converge: max|gradient| = ${maxMin.toPrecision(3)} (tolerance ${GRADIENT_TOLERANCE})`);
    }
  }
  if (!outer.converged) messages.push(`the optimiser stopped after ${outer.evaluations} evaluations without converging`);
  if (!innerConverged || !refit.converged) messages.push('the fixed effects did not converge for the final variance parameters');
  if (singular) {
    const which = [theta[0] < SINGULAR_TOLERANCE ? 'participant_id' : null, theta[1] < SINGULAR_TOLERANCE ? 'case_id' : null].filter(Boolean);
    messages.push(`singular fit: the ${which.join(' and ')} random-intercept variance is estimated at 0`);
  }
  if (seSource === 'rx') messages.push('standard errors from RX: the finite-difference Hessian was not positive definite');

  return {
    n: design.n,
    fixed: input.fixed.names.map((term, j) => {
      const estimate = refit.beta[j];
      const se = Math.sqrt(vcov[j * p + j]);
      const z = estimate / se;
      return { term, estimate, se, z, p: normalTwoSidedP(z) };
    }),
    random: { participant_id: theta[0], case_id: theta[1] },
    deviance,
    loglik: -deviance / 2,
    singular,
    converged: outer.converged && innerConverged && refit.converged && gradientOk,
    seSource,
    messages,
  };
}
