/**
 * A 2x2 contingency table [[a, b], [c, d]] of non-negative integer counts, rows = groups, columns = outcome yes/no,
 * the layout `scipy.stats.chi2_contingency` and `fisher_exact` take.
 */
export type Table2x2 = readonly [readonly [number, number], readonly [number, number]];

/** The table of k successes out of n in group A (first row) and in group B (second row). */
export function tableFromCounts(kA: number, nA: number, kB: number, nB: number): Table2x2 {
  return [
    [kA, nA - kA],
    [kB, nB - kB],
  ];
}

/** Throws on a cell that is not a non-negative integer: a programming error, not a user one. */
export function checkTable(table: Table2x2, caller: string): void {
  for (const row of table)
    for (const cell of row)
      if (!Number.isInteger(cell) || cell < 0)
        throw new RangeError(`${caller}: cells must be non-negative integers, got ${JSON.stringify(table)}`);
}
