import { checkTable, type Table2x2 } from './table-2x2.ts';

/**
 * Odds ratio of a 2x2 table [[a, b], [c, d]]: (a d) / (b c), the sample odds ratio (`scipy.stats.fisher_exact`'s
 * statistic when no cell is 0). When a cell is 0, 0.5 is added to every cell (Haldane-Anscombe correction), so the
 * ratio stays finite. A row that is entirely 0 (a group without trials) gives null.
 * Example: oddsRatio([[56, 14], [48, 32]]) = 2.6666666666666665; oddsRatio([[0, 5], [3, 2]]) = (0.5 * 2.5) / (5.5 * 3.5).
 */
export function oddsRatio(table: Table2x2): number | null {
  checkTable(table, 'oddsRatio');
  let [[a, b], [c, d]] = table;
  if (a + b === 0 || c + d === 0) return null;
  if (a === 0 || b === 0 || c === 0 || d === 0) {
    a += 0.5;
    b += 0.5;
    c += 0.5;
    d += 0.5;
  }
  return (a * d) / (b * c);
}
