/**
 * Cholesky factor of a dense symmetric positive-definite matrix, A = L L^T (Golub & Van Loan 2013, Matrices
 * Computations, algorithm 4.2.1), stored row-major in a Float64Array of n*n (only the lower triangle is read).
 *   L_jj = sqrt(A_jj - sum_{k<j} L_jk^2),  L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj  (i > j).
 * log det A = 2 sum_j log L_jj. Used on the case block (the Schur complement) of the mixed model, a few hundred
 * rows at most. Equals R's `chol(A)` transposed; `determinant(A)$modulus` for the log determinant.
 * Returns null when a pivot is not positive (A not positive definite to working precision).
 * Example: A = [[4, 2], [2, 3]] gives L = [[2, 0], [1, sqrt(2)]], log det A = log 8.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j];
    for (let k = 0; k < j; k++) d -= a[rowJ + k] * a[rowJ + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j];
      for (let k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = s / ljj;
    }
  }
  return true;
}

/** log det A = 2 sum log L_jj from a factor computed by choleskyInPlace. */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.log(l[j * n + j]);
  return 2 * s;
}

/** Solves L L^T x = b in place (forward then back substitution) with the factor of choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[row + k] * b[k];
    b[i] = s / l[row + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/**
 * The full inverse A^{-1} (row-major, symmetric) from the factor: A^{-1} = L^{-T} L^{-1}, with L^{-1} by forward
 * substitution (lower triangular), then the lower triangle of the product, mirrored. About n^3 / 3 operations; the
 * leverages of the Laplace gradient need the case block of the inverse.
 */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const li = new Float64Array(n * n); // L^{-1}, lower triangular, row-major
  for (let j = 0; j < n; j++) {
    li[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * li[k * n + j];
      li[i * n + j] = s / l[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i] * li[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  return inv;
}
