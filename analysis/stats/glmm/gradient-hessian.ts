/**
 * The Hessian of a function whose gradient is known, by central differences of the gradient, symmetrised:
 *   H[:, j] = (grad(x + d e_j) - grad(x - d e_j)) / (2 d),   H <- (H + H') / 2   (Nocedal & Wright 2006, sect. 8.1),
 * or, given the gradient at x (`atX`), by forward differences (grad(x + d e_j) - grad(x)) / d: half the evaluations,
 * an error of order d times the third derivatives (1e-4 relative here).
 * glmer's standard errors come from the Hessian of its deviance over (theta, beta) at the optimum, which lme4
 * takes by finite differences of the deviance itself (`deriv12`, step 1e-4); with the exact gradient
 * (laplace-gradient.ts) the same Hessian needs 2k evaluations instead of about 2k^2, and is less sensitive to the
 * inner PIRLS tolerance. The standard errors are then sqrt(diag(2 (H^{-1})_{beta, beta})) (lme4 `vcov.merMod`).
 */
export function hessianFromGradient(
  gradient: (x: number[]) => number[],
  x: readonly number[],
  delta = 1e-4,
  atX: readonly number[] | null = null,
): number[][] {
  const n = x.length;
  const columns = x.map((_, j) => {
    const plus = [...x];
    plus[j] += delta;
    const gp = gradient(plus);
    if (atX !== null) return gp.map((v, i) => (v - atX[i]) / delta);
    const minus = [...x];
    minus[j] -= delta;
    const gm = gradient(minus);
    return gp.map((v, i) => (v - gm[i]) / (2 * delta));
  });
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (columns[j][i] + columns[i][j]) / 2));
}
