import { normalTwoSidedP } from '../distributions.ts';
import { binomialRows } from './binomial-rows.ts';
import { crossedDesign } from './crossed-design.ts';
import { choleskyInPlace, choleskyInverse } from './dense-cholesky.ts';
import type { DesignMatrix } from './design-matrix.ts';
import { BetaSlope } from './beta-slope.ts';
import { bfgs, type BfgsResult } from './bfgs.ts';
import { fitFixedEffects, type FixedEffectsFit } from './fixed-effects-newton.ts';
import { hessianFromGradient } from './gradient-hessian.ts';
import { laplaceDeviance, type GlmmData } from './laplace-deviance.ts';
import { laplaceGradient } from './laplace-gradient.ts';

/**
 * A binomial (logit) generalised linear mixed model with crossed random intercepts for participants and cases,
 * fitted by maximum likelihood with the Laplace approximation: the same model and estimates as
 *   lme4::glmer(y ~ <X> + (1 | participant_id) + (1 | case_id), family = binomial,
 *               control = glmerControl(optimizer = "bobyqa"))        (nAGQ = 1, lme4 1.1)
 * (Bates, Maechler, Bolker & Walker 2015, "Fitting Linear Mixed-Effects Models Using lme4", JSS 67(1); lme4 vignette
 * "PIRLS"). Steps, each in its own module:
 *   0. trials with the same participant, case and covariates grouped into binomial rows (binomial-rows.ts: the same
 *      deviance, less work);
 *   1. conditional modes of the random effects by PIRLS (pirls.ts), on the crossed structure (crossed-cholesky.ts);
 *   2. the Laplace deviance D(theta, beta) (laplace-deviance.ts);
 *   3. beta minimising D for a given theta (fixed-effects-newton.ts), and theta = (participant SD, case SD) minimising
 *      that profile by BFGS (bfgs.ts) with the exact gradient (laplace-gradient.ts) from theta = (1, 1), lme4's
 *      start. lme4 minimises over (theta, beta) jointly by bobyqa after an nAGQ = 0 stage; the optimum is the same;
 *   4. a theta within 1e-3 of 0 is set to 0 when that raises D by at most 1e-7 (lme4's `check.boundary`, 1e-5);
 *   5. standard errors from the Hessian of D over (theta, beta), as glmer's `vcov` does, here from differences of
 *      the exact gradient (gradient-hessian.ts); RX when that Hessian is not positive definite.
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
const BOUNDARY_BAND = 1e-3;
const GRADIENT_TOLERANCE = 0.002;

/** Laplace deviance and its gradient over (theta_participant, theta_case, beta), the modes found from uStart. */
function devianceAndGradient(
  data: GlmmData,
  oriented: (theta: readonly number[]) => [number, number],
  parameters: readonly number[],
  uStart: Float64Array,
): { value: number; gradient: number[] } {
  const [ts, td] = oriented(parameters);
  const modes = laplaceDeviance(data, ts, td, parameters.slice(2), uStart);
  if (modes === null) return { value: NaN, gradient: parameters.map(() => NaN) };
  const g = laplaceGradient(data, ts, td, modes, modes.factor.leverages());
  const theta = g.theta();
  return { value: modes.laplaceDeviance, gradient: [...oriented([theta.sparse, theta.dense]), ...g.beta] };
}

/**
 * u~ + du~/dtheta (theta' - theta) + du~/dbeta (beta' - beta), from the slopes at the last fit (laplace-gradient.ts,
 * fixed-effects-newton.ts): PIRLS then starts near the new modes.
 */
function predictedModes(fit: FixedEffectsFit, from: readonly [number, number], to: readonly [number, number], beta: Float64Array): Float64Array {
  const u = fit.modes.u.slice();
  if (from[0] === 0 && from[1] === 0) return u; // the GLM start: no random effects yet
  const { modeSlopeSparse, modeSlopeDense } = fit.gradient.theta();
  const ds = to[0] - from[0];
  const dd = to[1] - from[1];
  for (let k = 0; k < u.length; k++) u[k] += modeSlopeSparse[k] * ds + modeSlopeDense[k] * dd;
  fit.modeChange.forEach((column, j) => {
    const db = beta[j] - fit.beta[j];
    for (let k = 0; k < u.length; k++) u[k] -= column[k] * db;
  });
  return u;
}

/** The profiled deviance's minimum over theta (sparse, dense order) by BFGS, each evaluation warm-started. */
interface ProfileSearch {
  outer: BfgsResult;
  /** The profile at theta (sparse, dense), warm-started from the last evaluation. */
  profile(theta: readonly number[]): FixedEffectsFit | null;
  /** The last evaluation and its theta. */
  last(): [FixedEffectsFit, [number, number]];
}

function searchProfile(data: GlmmData, start: readonly number[], inverseHessian: number[][] | null): ProfileSearch | null {
  const p = data.x.length;
  const { design } = data;
  const glm = fitFixedEffects(data, 0, 0, new Float64Array(p), new Float64Array(design.nSparse + design.nDense));
  if (glm === null) return null;
  let warm: FixedEffectsFit = glm;
  let warmTheta: [number, number] = [0, 0];
  const betaSlope = new BetaSlope(p);
  // Each profile evaluation starts from the last one: beta and the modes moved to first order in theta.
  const profile = (theta: readonly number[]): FixedEffectsFit | null => {
    const [ts, td] = theta;
    const beta = betaSlope.predict(warm.beta, warmTheta, [ts, td]);
    const fit = fitFixedEffects(data, ts, td, beta, predictedModes(warm, warmTheta, [ts, td], beta));
    if (fit !== null) {
      betaSlope.update(warm.beta, warmTheta, fit.beta, [ts, td]);
      warm = fit;
      warmTheta = [ts, td];
    }
    return fit;
  };
  const outer = bfgs(
    (theta) => {
      const fit = profile(theta);
      if (fit === null) return { value: NaN, gradient: [NaN, NaN] };
      const slope = fit.gradient.theta();
      return { value: fit.modes.laplaceDeviance, gradient: [slope.sparse, slope.dense] };
    },
    start,
    // lme4 accepts a deviance gradient up to 0.002 (check.conv.grad); the profile here is exact to about 1e-4.
    {
      gradientTolerance: 1e-3, fTolerance: 1e-8, xTolerance: 1e-7, maxIterations: 200, initialStep: 0.5, maxStep: 0.5,
      ...(inverseHessian === null ? {} : { inverseHessian }),
    },
  );
  return { outer, profile, last: () => [warm, warmTheta] };
}

/**
 * For many sparse levels (participants), where each profile evaluation is costly, a start for the search: the optimum
 * of the same model on every k-th participant (about SUBSAMPLE_LEVELS of them, all their trials, every case), with
 * that search's inverse Hessian scaled by the share of participants kept (the deviance and its curvature grow with
 * the number of participants). The full search then starts near its optimum with a sensible curvature and needs a
 * few iterations instead of a dozen; the optimum it converges to, and so every reported number, is the full data's.
 * Used from 5,000 sparse levels (below, the search starts from lme4's (1, 1)). A start within 0.01 of 0 is moved to 0.01: the
 * profile is even in theta, so its gradient vanishes at 0 and the search could not leave it.
 */
const SUBSAMPLE_LEVELS = 2000;

function subsampleStart(data: GlmmData): { theta: number[]; inverseHessian: number[][] } | null {
  const { design } = data;
  const step = Math.ceil(design.nSparse / SUBSAMPLE_LEVELS);
  const kept: number[] = [];
  for (let i = 0; i < design.n; i++) if (design.sparseOfTrial[i] % step === 0) kept.push(i);
  const sparse = Int32Array.from(kept, (i) => design.sparseOfTrial[i] / step);
  const dense = Int32Array.from(kept, (i) => design.denseOfTrial[i]);
  const nSparse = Math.ceil(design.nSparse / step);
  const sub: GlmmData = {
    successes: Float64Array.from(kept, (i) => data.successes[i]),
    size: Float64Array.from(kept, (i) => data.size[i]),
    x: data.x.map((column) => Float64Array.from(kept, (i) => column[i])),
    design: crossedDesign(sparse, dense, nSparse, design.nDense),
  };
  if (!sub.design.firstIsSparse) return null;
  const search = searchProfile(sub, [1, 1], null);
  if (search === null || !search.outer.converged) return null;
  const scale = nSparse / design.nSparse;
  return {
    theta: search.outer.x.map((t) => Math.max(Math.abs(t), 0.01)),
    inverseHessian: search.outer.inverseHessian.map((row) => row.map((v) => v * scale)),
  };
}

/** Tuning that does not change the optimum: sparse levels above which the search starts from a subsample's optimum. */
export interface GlmerOptions {
  subsampleAbove?: number;
}

export function fitGlmer(input: GlmerInput, options: GlmerOptions = {}): GlmerFit {
  const rows = binomialRows(input.y, input.fixed.columns, input.participant, input.case, input.nParticipants, input.nCases);
  const design = crossedDesign(rows.participant, rows.case, input.nParticipants, input.nCases);
  const data: GlmmData = { successes: rows.successes, size: rows.size, x: rows.x, design };
  const p = data.x.length;
  // theta is (participant, case) outside; the crossed factor works in (sparse, dense) order (a swap is its own inverse).
  const oriented = (theta: readonly number[]): [number, number] =>
    design.firstIsSparse ? [theta[0], theta[1]] : [theta[1], theta[0]];
  const start = design.nSparse >= (options.subsampleAbove ?? 2.5 * SUBSAMPLE_LEVELS) ? subsampleStart(data) : null;
  const search = searchProfile(data, start === null ? [1, 1] : start.theta, start?.inverseHessian ?? null);
  if (search === null) throw new Error('the fixed-effect design is singular');
  const { outer, profile } = search;
  const [warm, warmTheta] = search.last();
  // The search works in (sparse, dense) order; theta is (participant, case) from here on.
  const theta = oriented(outer.x.map(Math.abs));
  // The last evaluation is usually the optimum itself (not when a theta ended negative: the modes and the theta
  // gradient of that block then have the other sign).
  const [ts, td] = oriented(theta);
  const lastIsOptimum = warmTheta[0] === ts && warmTheta[1] === td;
  let best = lastIsOptimum ? warm : (profile(oriented(theta)) ?? warm);
  // A variance that creeps toward 0 without reaching it: set it to 0 when that does not raise D (lme4's
  // check.boundary does this within 1e-5; the deviance is flat there, so a wider band changes D by < 1e-7).
  for (let i = 0; i < 2; i++)
    if (theta[i] > 0 && theta[i] < BOUNDARY_BAND) {
      const atZero = [...theta];
      atZero[i] = 0;
      const fit = profile(oriented(atZero));
      if (fit !== null && fit.modes.laplaceDeviance <= best.modes.laplaceDeviance + 1e-7) {
        theta[i] = 0;
        best = fit;
      }
    }
  const deviance = best.modes.laplaceDeviance;

  // Standard errors: Hessian of D over (theta, beta), as glmer's vcov uses, from differences of the exact gradient.
  const parameters = [...theta, ...best.beta];
  const slope = best.gradient.theta();
  const gradientAtOptimum = [...oriented([slope.sparse, slope.dense]), ...best.gradient.beta];
  // Each shifted point starts PIRLS from the modes moved to first order, one Newton step from its own.
  const optimum = best;
  const modesAt = (x: readonly number[]) => predictedModes(optimum, oriented(theta), oriented(x), Float64Array.from(x.slice(2)));
  const hessian = hessianFromGradient((x) => devianceAndGradient(data, oriented, x, modesAt(x)).gradient, parameters, 1e-4, gradientAtOptimum);
  const k = parameters.length;
  const hFactor = Float64Array.from(hessian.flat());
  const hessianPositive = hFactor.every(Number.isFinite) && choleskyInPlace(hFactor, k);
  let covariance: Float64Array | null = null;
  if (hessianPositive) {
    const inv = choleskyInverse(hFactor, k);
    const fromHessian = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) fromHessian[a * p + b] = 2 * inv[(a + 2) * k + b + 2];
    if (fromHessian.every(Number.isFinite)) covariance = fromHessian;
  }
  const seSource = covariance === null ? 'rx' : 'hessian';
  const vcov = covariance ?? best.covarianceRX;

  const singular = theta.some((t) => t < SINGULAR_TOLERANCE);
  const messages: string[] = [];
  let gradientOk = true;
  if (!singular && hessianPositive) {
    // lme4 checkConv: the scaled gradient solve(chol(H), g) and the raw gradient, the smaller of each below 0.002.
    const theta = best.gradient.theta();
    const gradient = [...oriented([theta.sparse, theta.dense]), ...best.gradient.beta];
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
  if (!outer.converged) messages.push(`the optimiser stopped after ${outer.iterations} iterations without converging`);
  if (!best.converged) messages.push('the fixed effects did not converge for the final variance parameters');
  if (singular) {
    const which = [theta[0] < SINGULAR_TOLERANCE ? 'participant_id' : null, theta[1] < SINGULAR_TOLERANCE ? 'case_id' : null].filter(Boolean);
    messages.push(`singular fit: the ${which.join(' and ')} random-intercept variance${which.length > 1 ? 's are' : ' is'} estimated at 0`);
  }
  if (seSource === 'rx') messages.push('standard errors from RX: the Hessian of the deviance was not positive definite');

  return {
    n: input.y.length,
    fixed: input.fixed.names.map((term, j) => {
      const estimate = best.beta[j];
      const se = Math.sqrt(vcov[j * p + j]);
      const z = estimate / se;
      return { term, estimate, se, z, p: normalTwoSidedP(z) };
    }),
    random: { participant_id: theta[0], case_id: theta[1] },
    deviance,
    loglik: -deviance / 2,
    singular,
    converged: outer.converged && best.converged && gradientOk,
    seSource,
    messages,
  };
}
