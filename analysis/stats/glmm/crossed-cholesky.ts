import type { CrossedDesign } from './crossed-design.ts';
import { choleskyInPlace, choleskyInverse, choleskyLogDet, choleskySolveInPlace } from './dense-cholesky.ts';

/**
 * The penalised system of the mixed model, A = Lambda' Z' W Z Lambda + I (Bates et al. 2015, JSS 67(1), eq. 18;
 * lme4's L L' = Lambda' Z' W Z Lambda + I, "PIRLS" vignette of lme4), for two crossed random intercepts with
 * Lambda = diag(thetaSparse I, thetaDense I). In block form, with D_s and D_d diagonal and B the sparse cross block:
 *   A = [ D_s  B  ]   D_s[s] = thetaS^2 sum_{trials of s} w + 1,   D_d[d] = thetaD^2 sum_{trials of d} w + 1,
 *       [ B'  D_d ]   B[s, d] = thetaS thetaD sum_{trials in cell (s, d)} w.
 * Eliminating the many sparse levels leaves the dense Schur complement S = D_d - B' D_s^{-1} B (a few hundred rows),
 * so a factorisation costs O(n + sum_s k_s^2 + c^3) for k_s cells per sparse level and c dense levels, instead of a
 * general sparse Cholesky (lme4 uses CHOLMOD). log det A = sum log D_s + log det S (determinant of a block matrix).
 * Equals `determinant(crossprod(getME(m, "Lambdat") %*% t(getME(m, "Z")) %*% sqrt(W)) + I)$modulus` in R.
 */
export interface CrossedFactor {
  /** log det A. */
  logDet: number;
  /** x = A^{-1} r, r and x laid out as [sparse levels, dense levels]. */
  solve(r: Float64Array): Float64Array;
  /** The leverages and traces of A^{-1} that the gradient of log det A needs (see Leverages). */
  leverages(): Leverages;
}

export interface Leverages {
  /**
   * Per cell, h = z' Lambda A^{-1} Lambda' z for a trial of that cell (z its row of Z):
   * thetaS^2 (A^{-1})_ss + thetaD^2 (A^{-1})_dd + 2 thetaS thetaD (A^{-1})_sd.
   */
  cell: Float64Array;
  /** trace of the sparse and dense diagonal blocks of A^{-1}. */
  traceSparse: number;
  traceDense: number;
}

export function factorCrossed(
  design: CrossedDesign,
  thetaSparse: number,
  thetaDense: number,
  w: Float64Array,
): CrossedFactor | null {
  const { n, nSparse, nDense, sparseOfTrial, denseOfTrial, cellOfTrial, cellDense, cellStart } = design;
  const nCells = cellDense.length;
  const cellW = new Float64Array(nCells);
  const sparseW = new Float64Array(nSparse);
  const denseW = new Float64Array(nDense);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    cellW[cellOfTrial[i]] += wi;
    sparseW[sparseOfTrial[i]] += wi;
    denseW[denseOfTrial[i]] += wi;
  }
  const ts2 = thetaSparse * thetaSparse;
  const tsd = thetaSparse * thetaDense;
  const dS = new Float64Array(nSparse);
  let logDet = 0;
  for (let s = 0; s < nSparse; s++) {
    dS[s] = ts2 * sparseW[s] + 1;
    logDet += Math.log(dS[s]);
  }
  const b = new Float64Array(nCells);
  for (let k = 0; k < nCells; k++) b[k] = tsd * cellW[k];
  const schur = new Float64Array(nDense * nDense);
  for (let d = 0; d < nDense; d++) schur[d * nDense + d] = thetaDense * thetaDense * denseW[d] + 1;
  if (tsd !== 0)
    for (let s = 0; s < nSparse; s++) {
      const inv = 1 / dS[s];
      for (let k1 = cellStart[s]; k1 < cellStart[s + 1]; k1++) {
        const row = cellDense[k1] * nDense;
        const v1 = b[k1] * inv;
        for (let k2 = cellStart[s]; k2 <= k1; k2++) schur[row + cellDense[k2]] -= v1 * b[k2];
      }
    }
  if (!choleskyInPlace(schur, nDense)) return null;
  logDet += choleskyLogDet(schur, nDense);

  const solve = (r: Float64Array): Float64Array => {
    const x = new Float64Array(nSparse + nDense);
    const xd = new Float64Array(nDense);
    for (let d = 0; d < nDense; d++) xd[d] = r[nSparse + d];
    for (let s = 0; s < nSparse; s++) {
      const rs = r[s] / dS[s];
      for (let k = cellStart[s]; k < cellStart[s + 1]; k++) xd[cellDense[k]] -= b[k] * rs;
    }
    choleskySolveInPlace(schur, nDense, xd);
    for (let s = 0; s < nSparse; s++) {
      let v = r[s];
      for (let k = cellStart[s]; k < cellStart[s + 1]; k++) v -= b[k] * xd[cellDense[k]];
      x[s] = v / dS[s];
    }
    x.set(xd, nSparse);
    return x;
  };

  const leverages = (): Leverages => {
    const sInv = choleskyInverse(schur, nDense);
    const h = new Float64Array(nCells);
    const td2 = thetaDense * thetaDense;
    let traceSparse = 0;
    let traceDense = 0;
    for (let d = 0; d < nDense; d++) traceDense += sInv[d * nDense + d];
    // Per sparse level s with cells K: v = b_K / D_s and t = Sinv[K, K] v (symmetric: one triangle, both halves).
    // Then (A^{-1})_{s, d_k} = -t_k and (A^{-1})_ss = 1 / D_s + v't.
    const v = new Float64Array(nCells);
    const t = new Float64Array(nCells);
    for (let s = 0; s < nSparse; s++) {
      const from = cellStart[s];
      const to = cellStart[s + 1];
      const inv = 1 / dS[s];
      for (let k = from; k < to; k++) v[k] = b[k] * inv;
      for (let k1 = from; k1 < to; k1++) {
        const row = cellDense[k1] * nDense;
        const v1 = v[k1];
        let sum = sInv[row + cellDense[k1]] * v1;
        for (let k2 = from; k2 < k1; k2++) {
          const sij = sInv[row + cellDense[k2]];
          sum += sij * v[k2];
          t[k2] += sij * v1;
        }
        t[k1] += sum;
      }
      let ass = inv;
      for (let k = from; k < to; k++) ass += v[k] * t[k];
      traceSparse += ass;
      for (let k = from; k < to; k++) {
        const d = cellDense[k];
        h[k] = ts2 * ass + td2 * sInv[d * nDense + d] - 2 * tsd * t[k];
      }
    }
    return { cell: h, traceSparse, traceDense };
  };

  return { logDet, solve, leverages };
}
