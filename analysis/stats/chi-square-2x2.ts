import { chiSquareUpperP } from './distributions.ts';
import { checkTable, type Table2x2 } from './table-2x2.ts';

export interface ChiSquare2x2 {
  chi2: number | null;
  p: number | null;
  cramersV: number | null;
}

/**
 * Pearson chi-square test of independence on a 2x2 table, without continuity correction:
 *   chi2 = N (ad - bc)^2 / ((a+b)(c+d)(a+c)(b+d)),  p = P(chi2_1 >= chi2),  Cramer's V = sqrt(chi2 / N).
 * Same as `scipy.stats.chi2_contingency(table, correction=False)` (statistic, pvalue) and
 * `scipy.stats.contingency.association(table, method='cramer')`.
 * A zero row or column margin (including an empty table) gives all nulls: SciPy raises ValueError ("The internally
 * computed table of expected frequencies has a zero element") because an expected count is 0 and chi2 is 0/0.
 * Example: chiSquare2x2([[56, 14], [48, 32]]).chi2 = 7.023411371237456.
 */
export function chiSquare2x2(table: Table2x2): ChiSquare2x2 {
  checkTable(table, 'chiSquare2x2');
  const [[a, b], [c, d]] = table;
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const col2 = b + d;
  const total = row1 + row2;
  if (row1 === 0 || row2 === 0 || col1 === 0 || col2 === 0) return { chi2: null, p: null, cramersV: null };
  const cross = a * d - b * c; // exact below 2^53, i.e. for any realistic table
  const chi2 = (total * cross * cross) / (row1 * row2 * col1 * col2);
  return { chi2, p: chiSquareUpperP(chi2, 1), cramersV: Math.sqrt(chi2 / total) };
}
