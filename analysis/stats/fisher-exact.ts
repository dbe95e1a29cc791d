import { hypergeometricLogPmf } from './hypergeometric.ts';
import { checkTable, type Table2x2 } from './table-2x2.ts';

/** R's fisher.test tolerance: tables within this relative factor of the observed probability count as "as extreme". */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided Fisher exact test of a 2x2 table [[a, b], [c, d]]: conditional on the margins, a follows a
 * hypergeometric distribution; p = sum of P(x) over all x with P(x) <= P(a) * (1 + 1e-7) (R `fisher.test`; SciPy's
 * `fisher_exact` uses the same rule with 1 + 1e-14, which only differs on near-ties).
 * Exact for large tables: each P(x) comes from Loader's saddle-point formula (./hypergeometric.ts), and only the two
 * tails are summed, outwards from the boundary found by bisection, until terms stop mattering (< 1e-17 of the sum).
 * A zero margin leaves a single possible table: p = 1 (as SciPy and R). An empty table (N = 0) gives null.
 * Example: fisherExactTwoSided([[3, 1], [1, 3]]) = 0.48571428571428565 (Fisher's tea tasting: 34/70).
 */
export function fisherExactTwoSided(table: Table2x2): number | null {
  checkTable(table, 'fisherExactTwoSided');
  const [[a, b], [c, d]] = table;
  const total = a + b + c + d;
  if (total === 0) return null;
  const white = a + c; // first column
  const black = b + d;
  const drawn = a + b; // first row
  const low = Math.max(0, drawn - black);
  const high = Math.min(drawn, white);
  if (low === high) return 1;
  const logPmf = (x: number): number => hypergeometricLogPmf(x, white, black, drawn);
  const threshold = logPmf(a) + Math.log(RELATIVE_TOLERANCE);
  const mode = Math.min(high, Math.max(low, Math.floor(((drawn + 1) * (white + 1)) / (total + 2))));
  if (logPmf(mode) <= threshold) return 1;

  // Left of the mode the pmf increases: find the largest x in [low, mode) with logPmf(x) <= threshold.
  let leftEdge = low - 1;
  if (logPmf(low) <= threshold) {
    let inside = low;
    let outside = mode; // logPmf(mode) > threshold
    while (outside - inside > 1) {
      const mid = Math.floor((inside + outside) / 2);
      if (logPmf(mid) <= threshold) inside = mid;
      else outside = mid;
    }
    leftEdge = inside;
  }
  // Right of the mode the pmf decreases: find the smallest x in (mode, high] with logPmf(x) <= threshold.
  let rightEdge = high + 1;
  if (logPmf(high) <= threshold) {
    let inside = high;
    let outside = mode;
    while (inside - outside > 1) {
      const mid = Math.floor((inside + outside) / 2);
      if (logPmf(mid) <= threshold) inside = mid;
      else outside = mid;
    }
    rightEdge = inside;
  }
  const p = sumTail(logPmf, leftEdge, low, -1) + sumTail(logPmf, rightEdge, high, 1);
  return Math.min(1, p);
}

/** Sum of exp(logPmf(x)) from `start` towards `end` (inclusive) by `step`, stopping once terms are negligible. */
function sumTail(logPmf: (x: number) => number, start: number, end: number, step: 1 | -1): number {
  let sum = 0;
  for (let x = start; step > 0 ? x <= end : x >= end; x += step) {
    const term = Math.exp(logPmf(x));
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return sum;
}
