/**
 * Gradient and Hessian of f at x by central finite differences with step delta, lme4's `deriv12(fun, x, delta =
 * 1e-4)` (lme4 1.1, R/deriv.R), which glmer evaluates on its deviance over c(theta, beta) at the optimum:
 *   g_j = (f(x + d e_j) - f(x - d e_j)) / (2 d),  H_jj = (f(x + d e_j) - 2 f(x) + f(x - d e_j)) / d^2,
 *   H_ij = (f(x + d e_i + d e_j) - f(x + d e_i - d e_j) - f(x - d e_i + d e_j) + f(x - d e_i - d e_j)) / (2 d)^2.
 * glmer's standard errors of beta are sqrt(diag(2 (H^{-1})_beta,beta)) from this H (lme4's `vcov.merMod`,
 * use.hessian = TRUE, the default when the Hessian exists).
 */
export function finiteDifferenceDerivatives(
  f: (x: number[]) => number,
  x: readonly number[],
  fx: number,
  delta = 1e-4,
): { gradient: number[]; hessian: number[][] } {
  const n = x.length;
  const at = (changes: [number, number][]): number => {
    const point = [...x];
    for (const [i, d] of changes) point[i] += d;
    return f(point);
  };
  const gradient = new Array<number>(n).fill(0);
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const plus = at([[j, delta]]);
    const minus = at([[j, -delta]]);
    gradient[j] = (plus - minus) / (2 * delta);
    hessian[j][j] = (plus - 2 * fx + minus) / (delta * delta);
    for (let i = 0; i < j; i++) {
      const value =
        (at([[i, delta], [j, delta]]) - at([[i, delta], [j, -delta]]) - at([[i, -delta], [j, delta]]) + at([[i, -delta], [j, -delta]])) /
        (4 * delta * delta);
      hessian[i][j] = hessian[j][i] = value;
    }
  }
  return { gradient, hessian };
}
