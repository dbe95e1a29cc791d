/**
 * The random-effects design of two crossed random intercepts, `(1 | participant_id) + (1 | case_id)`: Z = [Z_p Z_c]
 * with one 1 per row in each block (Bates et al. 2015, "Fitting Linear Mixed-Effects Models Using lme4", JSS 67(1),
 * sect. 2.3). Z is never formed: a trial is its participant level and its case level. The trials are grouped into
 * cells (participant, case) so that the cross block Z_p' W Z_c is a sparse list of cells, and the cells are listed
 * by "sparse" level (the factor with more levels, usually participants) for the Schur complement of the penalised
 * Cholesky (crossed-cholesky.ts); the factor with fewer levels (usually cases) is the "dense" block.
 */
export interface CrossedDesign {
  n: number;
  /** Level count of the first (participant) and second (case) grouping factors. */
  nFirst: number;
  nSecond: number;
  /** true when the first factor (participants) is the sparse block, false when the cases are. */
  firstIsSparse: boolean;
  nSparse: number;
  nDense: number;
  /** Sparse and dense level of each trial. */
  sparseOfTrial: Int32Array;
  denseOfTrial: Int32Array;
  /**
   * Cell of each trial; cells sorted by sparse level, then dense level; cellStart[s]..cellStart[s+1] are the cells of
   * sparse level s.
   */
  cellOfTrial: Int32Array;
  cellDense: Int32Array;
  cellStart: Int32Array;
}

/** Groups trials into (participant, case) cells. Levels are 0-based indices; nFirst/nSecond are their counts. */
export function crossedDesign(first: Int32Array, second: Int32Array, nFirst: number, nSecond: number): CrossedDesign {
  const n = first.length;
  const firstIsSparse = nFirst >= nSecond;
  const sparseOfTrial = firstIsSparse ? first : second;
  const denseOfTrial = firstIsSparse ? second : first;
  const nSparse = firstIsSparse ? nFirst : nSecond;
  const nDense = firstIsSparse ? nSecond : nFirst;
  // Sort trials by (sparse, dense) with a counting sort on sparse then a per-level sort on dense.
  const count = new Int32Array(nSparse + 1);
  for (let i = 0; i < n; i++) count[sparseOfTrial[i] + 1]++;
  for (let s = 0; s < nSparse; s++) count[s + 1] += count[s];
  const order = new Int32Array(n);
  const fill = count.slice(0, nSparse);
  for (let i = 0; i < n; i++) order[fill[sparseOfTrial[i]]++] = i;
  const cellOfTrial = new Int32Array(n);
  const cellStart = new Int32Array(nSparse + 1);
  const cellDenseList: number[] = [];
  const lastCellOfDense = new Int32Array(nDense).fill(-1);
  for (let s = 0; s < nSparse; s++) {
    cellStart[s] = cellDenseList.length;
    for (let k = count[s]; k < count[s + 1]; k++) {
      const i = order[k];
      const d = denseOfTrial[i];
      if (lastCellOfDense[d] < cellStart[s]) {
        lastCellOfDense[d] = cellDenseList.length;
        cellDenseList.push(d);
      }
      cellOfTrial[i] = lastCellOfDense[d];
    }
  }
  cellStart[nSparse] = cellDenseList.length;
  // Within a sparse level, renumber the cells by increasing dense level (the Schur update then visits a triangle).
  const cellDense = Int32Array.from(cellDenseList);
  const renumber = new Int32Array(cellDense.length);
  for (let s = 0; s < nSparse; s++) {
    const cells = Array.from({ length: cellStart[s + 1] - cellStart[s] }, (_, j) => cellStart[s] + j);
    cells.sort((a, b) => cellDense[a] - cellDense[b]);
    cells.forEach((cell, j) => (renumber[cell] = cellStart[s] + j));
  }
  const sortedDense = new Int32Array(cellDense.length);
  for (let k = 0; k < cellDense.length; k++) sortedDense[renumber[k]] = cellDense[k];
  for (let i = 0; i < n; i++) cellOfTrial[i] = renumber[cellOfTrial[i]];
  return {
    n, nFirst, nSecond, firstIsSparse, nSparse, nDense, sparseOfTrial, denseOfTrial, cellOfTrial,
    cellDense: sortedDense, cellStart,
  };
}
