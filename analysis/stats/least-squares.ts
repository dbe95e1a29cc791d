/**
 * Residual sum of squares of the least-squares fit of y on the columns of X, and the rank of X, by modified
 * Gram-Schmidt orthogonalisation (Bjorck 1967; Golub & Van Loan 2013, sec. 5.2.8): each column is orthogonalised
 * against the kept ones and dropped when what remains is below 1e-10 of its original norm (a column the others already
 * span, e.g. a dummy of an empty cell), so rank-deficient designs give the rank and RSS that R's `lm` (pivoted QR,
 * tolerance 1e-7) reports. y is projected on the kept directions; RSS = |y - projection|^2.
 * Same RSS and rank as R `deviance(lm(y ~ X - 1))` and `lm(...)$rank`.
 * Example: leastSquares([[1, 0], [1, 1], [1, 2]], [1, 2, 2]) gives rss = 0.16666666666666666, rank = 2.
 */
export interface LeastSquaresFit {
  rss: number;
  rank: number;
}

export function leastSquares(rows: readonly ArrayLike<number>[], y: ArrayLike<number>): LeastSquaresFit {
  const n = y.length;
  const p = rows.length > 0 ? rows[0].length : 0;
  const kept: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const column = Float64Array.from({ length: n }, (_, i) => rows[i][j]);
    const original = Math.sqrt(dot(column, column));
    if (original === 0) continue;
    // Two passes of orthogonalisation ("twice is enough", Parlett 1980) keep the directions orthogonal to rounding.
    for (let pass = 0; pass < 2; pass++) {
      for (const q of kept) {
        const c = dot(q, column);
        for (let i = 0; i < n; i++) column[i] -= c * q[i];
      }
    }
    const norm = Math.sqrt(dot(column, column));
    if (norm <= 1e-10 * original) continue;
    for (let i = 0; i < n; i++) column[i] /= norm;
    kept.push(column);
  }
  const residual = Float64Array.from(y);
  for (const q of kept) {
    const c = dot(q, residual);
    for (let i = 0; i < n; i++) residual[i] -= c * q[i];
  }
  return { rss: dot(residual, residual), rank: kept.length };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
