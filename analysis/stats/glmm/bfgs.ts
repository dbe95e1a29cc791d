/**
 * Unconstrained minimisation by the BFGS quasi-Newton method with a backtracking (Armijo) line search
 * (Nocedal & Wright 2006, Numerical Optimization, 2nd ed., algorithm 6.1 and eq. 6.20 for the first scaling;
 * the update is skipped when the curvature s'y is not positive). The objective returns its value and gradient.
 * Stops when max |gradient| < gradientTolerance, or when a step changes f by less than fTolerance and x by less
 * than xTolerance, or when the step's predicted decrease -g'd is below fTolerance, or after maxIterations (then
 * converged is false). Steps are capped at maxStep (max norm). When 10 halvings find no lower f (the objective is
 * flat to its own rounding), it stops, converged if max |gradient| < 10 gradientTolerance.
 * Used for the variance parameters theta of the mixed model: the Laplace deviance is even in each theta (u and -u
 * give the same model), so minimising over all real theta and reporting |theta| is minimising over theta >= 0.
 * Example: on f(x, y) = (x - 1)^2 + 10 (y + 2)^2 it ends at (1, -2).
 */
export interface BfgsOptions {
  gradientTolerance: number;
  fTolerance: number;
  xTolerance: number;
  maxIterations: number;
  /** Largest first step (max norm), before any curvature is known. */
  initialStep: number;
  /** Largest step (max norm) of any iteration: a trust radius against the wild steps of an early, poor curvature. */
  maxStep: number;
  /** A known approximation of the inverse Hessian at x0 (from an earlier, related search), instead of initialStep. */
  inverseHessian?: readonly (readonly number[])[];
}

export interface BfgsResult {
  x: number[];
  fx: number;
  gradient: number[];
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** The final inverse Hessian approximation. */
  inverseHessian: number[][];
}

export type ValueAndGradient = (x: number[]) => { value: number; gradient: number[] };

const maxAbs = (v: readonly number[]): number => Math.max(...v.map(Math.abs));
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);

export function bfgs(f: ValueAndGradient, x0: readonly number[], options: BfgsOptions): BfgsResult {
  const n = x0.length;
  let x = [...x0];
  let evaluations = 1;
  let { value: fx, gradient: g } = f(x);
  // Inverse Hessian approximation, row-major; the first step is limited to initialStep.
  let hInv: number[][] =
    options.inverseHessian?.map((row) => [...row]) ??
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? options.initialStep / Math.max(maxAbs(g), 1e-12) : 0)));
  const knownCurvature = options.inverseHessian !== undefined;
  let iterations = 0;
  let converged = maxAbs(g) < options.gradientTolerance;
  while (!converged && iterations < options.maxIterations) {
    iterations++;
    let direction = hInv.map((row) => -dot(row, g));
    if (dot(direction, g) >= 0) {
      // Not a descent direction (curvature lost): restart from steepest descent.
      hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? options.initialStep / Math.max(maxAbs(g), 1e-12) : 0)));
      direction = g.map((v) => -v * hInv[0][0]);
    }
    const longest = maxAbs(direction);
    if (longest > options.maxStep) direction = direction.map((v) => (v * options.maxStep) / longest);
    const slope = dot(direction, g);
    if (-slope < options.fTolerance) {
      // The quadratic model promises less than fTolerance: at the minimum up to the objective's precision.
      converged = true;
      break;
    }
    let t = 1;
    let next = { value: Infinity, gradient: g };
    let xNext = x;
    for (let halving = 0; halving < 10; halving++, t /= 2) {
      xNext = x.map((v, i) => v + t * direction[i]);
      next = f(xNext);
      evaluations++;
      if (Number.isFinite(next.value) && next.value <= fx + 1e-4 * t * slope) break;
    }
    if (!(next.value <= fx + 1e-4 * t * slope)) {
      // No step lowers f: at a minimum up to the objective's rounding when the gradient is nearly small enough.
      converged = maxAbs(g) < 10 * options.gradientTolerance;
      break;
    }
    const s = xNext.map((v, i) => v - x[i]);
    const y = next.gradient.map((v, i) => v - g[i]);
    const fChange = fx - next.value;
    x = xNext;
    fx = next.value;
    g = next.gradient;
    const sy = dot(s, y);
    if (sy > 0) {
      if (iterations === 1 && !knownCurvature) {
        const scale = sy / dot(y, y);
        hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? scale : 0)));
      }
      const hy = hInv.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      hInv = hInv.map((row, i) =>
        row.map((v, j) => v + ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy),
      );
    }
    converged = maxAbs(g) < options.gradientTolerance || (fChange < options.fTolerance && maxAbs(s) < options.xTolerance);
  }
  return { x, fx, gradient: g, iterations, evaluations, converged, inverseHessian: hInv };
}
