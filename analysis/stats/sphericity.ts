import { chiSquareUpperP, fUpperP } from './distributions.ts';
import { choleskyInPlace, choleskyLogDet } from './glmm/dense-cholesky.ts';

/** Sphericity of one within-subjects term of df >= 2, and the p of its F corrected for a departure from it. */
export interface TermSphericity {
  /** Greenhouse-Geisser epsilon, in [1/df, 1]. */
  epsilon_gg: number;
  /** Huynh-Feldt epsilon as R car reports it (may exceed 1; the corrected p uses min(1, epsilon)). */
  epsilon_hf: number;
  /** P(F_{eps df, eps error_df} >= F) with eps = epsilon_gg, and with min(1, epsilon_hf). */
  p_gg: number | null;
  p_hf: number | null;
  /** Mauchly's W and its p (null when the error covariance is singular: fewer participants than df + 1). */
  mauchly_w: number | null;
  mauchly_p: number | null;
}

/**
 * Sphericity of the term `mask` (a bit per factor) of a repeated-measures ANOVA on complete data (`values[s][c]`,
 * subject s, cell c whose factor levels are `cellLevels[c]`), as R car reports it with
 * `summary(Anova(lm(Y ~ 1), idata, idesign = ~A * B, type = 3), multivariate = FALSE)`.
 *
 * The term's d = prod (levels - 1) orthonormal contrasts of the cells (Helmert contrasts of its factors, times the
 * mean of the others: their Kronecker product) turn each subject's cells into d scores z_s; S is the error matrix of
 * sums of squares and products of the centred scores (eigenvalues l_i, invariant to the choice of contrasts).
 *   Greenhouse-Geisser (1959): eps_GG = (sum l)^2 / (d sum l^2) = tr(S)^2 / (d tr(S^2)).
 *   Huynh-Feldt (1976) with Lecoutre's (1991) correction, as car: eps_HF = ((m + 1) d eps_GG - 2) / (d (m - d eps_GG)),
 *     m = n - 1 the error df of the subjects.
 *   Corrected p: the F of the term on (eps df, eps error_df) degrees of freedom.
 *   Mauchly (1940): W = det(S) / (tr(S) / d)^d; with rho = 1 - (2d^2 + d + 2) / (6 d m), z = -m rho log W,
 *     f = d (d + 1) / 2 - 1, w2 = (d + 2)(d - 1)(d - 2)(2d^3 + 6d^2 + 3c + 2) / (288 (m d rho)^2) (c: the number of
 *     cells, as R's mauchly.test.SSD and car compute it), p = P1 + w2 (P2 - P1), P1 = P(chi2_f >= z), P2 with f + 4.
 * Null for a term of one df (nothing to correct) or without variation (tr(S^2) = 0).
 * Example (test/stats/sphericity.test.ts): 7 subjects x 4 cells gives eps_GG = 0.411109, eps_HF = 0.463866,
 * W = 0.0179791, p = 0.00243665, as car 3.1.1.
 */
export function termSphericity(
  values: readonly ArrayLike<number>[],
  cellLevels: readonly (readonly string[])[],
  factorCount: number,
  mask: number,
  F: number | null,
  df: number,
  errorDf: number,
): TermSphericity | null {
  const n = values.length;
  const cells = cellLevels.length;
  const contrasts = termContrasts(cellLevels, factorCount, mask);
  const d = contrasts.length;
  if (d < 2 || n < 2) return null;
  // Centred scores of each subject on the term's contrasts.
  const scores = values.map((row) => contrasts.map((c) => c.reduce((sum, w, j) => sum + w * row[j], 0)));
  const means = Array.from({ length: d }, (_, i) => scores.reduce((sum, z) => sum + z[i], 0) / n);
  const S = new Float64Array(d * d);
  for (const z of scores) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] += (z[i] - means[i]) * (z[j] - means[j]);
  }
  let trace = 0;
  let traceSquare = 0;
  for (let i = 0; i < d; i++) {
    trace += S[i * d + i];
    for (let j = 0; j < d; j++) traceSquare += S[i * d + j] * S[j * d + i];
  }
  if (!(traceSquare > 0)) return null;
  const gg = (trace * trace) / (d * traceSquare);
  const m = n - 1;
  const hf = ((m + 1) * d * gg - 2) / (d * (m - d * gg));
  const corrected = (eps: number) => (F === null ? null : fUpperP(F, eps * df, eps * errorDf));
  return { epsilon_gg: gg, epsilon_hf: hf, p_gg: corrected(gg), p_hf: corrected(Math.min(1, hf)), ...mauchly(S, d, m, cells) };
}

/** Mauchly's W and p from the error SSP matrix S (d x d) on m df; nulls when S is singular. */
function mauchly(S: Float64Array, d: number, m: number, cells: number): { mauchly_w: number | null; mauchly_p: number | null } {
  const factor = Float64Array.from(S);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += S[i * d + i];
  // Fewer error df than contrasts: S has rank m < d, det(S) = 0 however the rounding falls.
  if (m < d || !choleskyInPlace(factor, d)) return { mauchly_w: null, mauchly_p: null };
  const logW = choleskyLogDet(factor, d) - d * Math.log(trace / d);
  const rho = 1 - (2 * d * d + d + 2) / (6 * d * m);
  const w2 = ((d + 2) * (d - 1) * (d - 2) * (2 * d ** 3 + 6 * d * d + 3 * cells + 2)) / (288 * (m * d * rho) ** 2);
  const z = -m * rho * logW;
  const f = (d * (d + 1)) / 2 - 1;
  const p1 = chiSquareUpperP(z, f);
  const p2 = chiSquareUpperP(z, f + 4);
  return { mauchly_w: Math.exp(logW), mauchly_p: p1 + w2 * (p2 - p1) };
}

/**
 * The term's orthonormal cell contrasts: for each factor in the term its Helmert contrasts h_j (j = 1..L-1:
 * 1 on the first j levels, -j on level j + 1, over sqrt(j (j + 1))), for each other factor 1 / sqrt(L) on every
 * level, multiplied across factors (levels in order of first appearance among the cells).
 */
function termContrasts(cellLevels: readonly (readonly string[])[], factorCount: number, mask: number): number[][] {
  const orders = Array.from({ length: factorCount }, (_, f) => [...new Set(cellLevels.map((l) => l[f]))]);
  const perFactor = orders.map((levels, f) => {
    const L = levels.length;
    if (!(mask & (1 << f))) return [levels.map(() => 1 / Math.sqrt(L))];
    return Array.from({ length: L - 1 }, (_, k) => {
      const j = k + 1;
      const norm = Math.sqrt(j * (j + 1));
      return levels.map((_, i) => (i < j ? 1 : i === j ? -j : 0) / norm);
    });
  });
  let combos: number[][] = [[]];
  for (const vectors of perFactor) combos = combos.flatMap((prefix) => vectors.map((_, v) => [...prefix, v]));
  return combos.map((choice) =>
    cellLevels.map((levels) => choice.reduce((w, v, f) => w * perFactor[f][v][orders[f].indexOf(levels[f])], 1)),
  );
}
