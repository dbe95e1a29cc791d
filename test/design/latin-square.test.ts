import { describe, expect, it } from 'vitest';
import { blockOrder, blockOrderCount, latinSquare, williamsSquare } from '../../experiments/latin-square.ts';

/** Each condition once per position across every n consecutive rows. */
function expectLatin(rows: number[][], n: number) {
  for (let start = 0; start < rows.length; start += n) {
    const square = rows.slice(start, start + n);
    for (const row of square) expect([...row].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    for (let pos = 0; pos < n; pos++) expect(new Set(square.map((r) => r[pos])).size).toBe(n);
  }
}

/** How often condition a is immediately followed by b, over all rows. */
function carryOver(rows: number[][], n: number): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const row of rows) for (let i = 1; i < row.length; i++) m[row[i - 1]][row[i]]++;
  return m;
}

describe('latinSquare', () => {
  it('is the cyclic square', () => {
    expect(latinSquare(3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
  });
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    it(`has each condition once per position (n = ${n})`, () => expectLatin(latinSquare(n), n));
  }
});

describe('williamsSquare', () => {
  it('matches the textbook square for n = 4', () => {
    expect(williamsSquare(4)).toEqual([
      [0, 1, 3, 2],
      [1, 2, 0, 3],
      [2, 3, 1, 0],
      [3, 0, 2, 1],
    ]);
  });
  for (const n of [2, 4, 6, 8]) {
    it(`even n = ${n}: n rows, Latin, every ordered pair adjacent exactly once`, () => {
      const rows = williamsSquare(n);
      expect(rows).toHaveLength(n);
      expectLatin(rows, n);
      const m = carryOver(rows, n);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(m[a][b]).toBe(a === b ? 0 : 1);
    });
  }
  for (const n of [3, 5, 7]) {
    it(`odd n = ${n}: 2n rows (two Latin squares), every ordered pair adjacent exactly twice`, () => {
      const rows = williamsSquare(n);
      expect(rows).toHaveLength(2 * n);
      expectLatin(rows, n);
      const m = carryOver(rows, n);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(m[a][b]).toBe(a === b ? 0 : 2);
    });
  }
  it('rejects a size that is not a positive integer', () => {
    expect(() => williamsSquare(0)).toThrow(RangeError);
    expect(() => latinSquare(2.5)).toThrow(RangeError);
  });
});

describe('blockOrder', () => {
  const conditions = ['none', 'confidence', 'rationale', 'similar_cases'];
  it('maps a row of the Williams square to condition names', () => {
    expect(blockOrder(conditions, 1)).toEqual(['confidence', 'rationale', 'none', 'similar_cases']);
  });
  it('wraps around so arrival ordinals can grow without bound', () => {
    expect(blockOrder(conditions, 5)).toEqual(blockOrder(conditions, 1));
    expect(blockOrder(conditions, -3)).toEqual(blockOrder(conditions, 1));
    expect(blockOrderCount(4)).toBe(4);
    expect(blockOrderCount(3)).toBe(6);
  });
  it('balances positions over consecutive arrivals (two conditions alternate)', () => {
    expect([0, 1, 2, 3].map((r) => blockOrder(['none', 'feature_importance'], r)[0])).toEqual([
      'none',
      'feature_importance',
      'none',
      'feature_importance',
    ]);
  });
});
