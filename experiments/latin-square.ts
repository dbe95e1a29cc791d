/**
 * Counterbalancing of block orders for within-subjects designs.
 *
 * Rows are orders of condition indices; a participant gets one row (by arrival ordinal, else by seed).
 */

/**
 * Cyclic Latin square: row r is (r, r+1, ..., r+n-1) mod n. Every condition appears once in every position across
 * the n rows, but carry-over (which condition precedes which) is not balanced.
 * Example: latinSquare(3) = [[0,1,2],[1,2,0],[2,0,1]].
 */
export function latinSquare(n: number): number[][] {
  assertSize(n);
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r + c) % n));
}

/**
 * Williams design (Williams 1949, Aust. J. Sci. Res. A 2:149-168): balanced for first-order carry-over, i.e. every
 * condition is immediately preceded by every other condition equally often.
 * First row 0, 1, n-1, 2, n-2, ...; row r adds r (mod n). Even n: these n rows. Odd n: no single square is balanced,
 * so the n rows are followed by their n reversals (2n rows, each ordered pair adjacent exactly twice).
 * Example: williamsSquare(4) = [[0,1,3,2],[1,2,0,3],[2,3,1,0],[3,0,2,1]].
 */
export function williamsSquare(n: number): number[][] {
  assertSize(n);
  const first: number[] = [0];
  for (let k = 1; first.length < n; k++) {
    first.push(k);
    if (first.length < n) first.push(n - k);
  }
  const rows = Array.from({ length: n }, (_, r) => first.map((c) => (c + r) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => row.slice().reverse())];
}

/**
 * The block order for one participant: row `row` (taken modulo the number of rows, so arrival ordinals can grow
 * without bound) of the Williams design over `conditions`. Every complete cycle of rows is balanced.
 */
export function blockOrder<T>(conditions: readonly T[], row: number): T[] {
  if (!Number.isInteger(row)) throw new RangeError(`blockOrder: row must be an integer, got ${row}`);
  const square = williamsSquare(conditions.length);
  const r = ((row % square.length) + square.length) % square.length;
  return square[r].map((i) => conditions[i]);
}

/** Number of distinct rows `blockOrder` cycles through for n conditions (n if even, 2n if odd). */
export function blockOrderCount(n: number): number {
  return williamsSquare(n).length;
}

function assertSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Latin square size must be a positive integer, got ${n}`);
}
