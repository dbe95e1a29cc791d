import { describe, expect, it } from 'vitest';
import { wilsonInterval, Z_95 } from '../../analysis/stats/wilson.ts';
import { newcombeInterval } from '../../analysis/stats/newcombe.ts';
import { oddsRatio } from '../../analysis/stats/odds-ratio.ts';
import { chiSquare2x2 } from '../../analysis/stats/chi-square-2x2.ts';
import { fisherExactTwoSided } from '../../analysis/stats/fisher-exact.ts';
import { tableFromCounts, type Table2x2 } from '../../analysis/stats/table-2x2.ts';
import { expectClose, expectPairClose } from './expect-close.ts';
import { reference } from './reference.ts';

describe('wilsonInterval matches scipy binomtest(...).proportion_ci(method="wilson")', () => {
  for (const c of reference.wilson as { args: [number, number]; expected: [number, number] }[])
    it(`${c.args[0]}/${c.args[1]} -> [${c.expected.join(', ')}]`, () => {
      const [lo, hi] = wilsonInterval(c.args[0], c.args[1]) as [number, number];
      // SciPy's bounds at k = 0 and k = n are 0 and 1 up to rounding (e.g. 1e-17); ours are clamped exactly.
      expect(Math.abs(lo - c.expected[0])).toBeLessThanOrEqual(1e-12 * Math.max(c.expected[0], 1e-4));
      expect(Math.abs(hi - c.expected[1])).toBeLessThanOrEqual(1e-12 * c.expected[1]);
    });
  it('n = 0 gives null', () => expect(wilsonInterval(0, 0)).toBeNull());
  it('k = 0 starts at exactly 0 and k = n ends at exactly 1', () => {
    expect(wilsonInterval(0, 7)?.[0]).toBe(0);
    expect(wilsonInterval(7, 7)?.[1]).toBe(1);
  });
  it('uses z = norm.ppf(0.975) by default', () => expect(Z_95).toBe(1.959963984540054));
  it('rejects k > n as a programming error', () => expect(() => wilsonInterval(3, 2)).toThrow(RangeError));
});

describe('newcombeInterval (method 10)', () => {
  for (const c of reference.newcombe as { args: [number, number, number, number]; expected: [number, number] }[])
    it(`${c.args[0]}/${c.args[1]} - ${c.args[2]}/${c.args[3]} -> [${c.expected.join(', ')}]`, () => {
      const got = newcombeInterval(...c.args) as [number, number];
      expect(Math.abs(got[0] - c.expected[0])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(got[1] - c.expected[1])).toBeLessThanOrEqual(1e-12);
    });
  it('reproduces the published example of Newcombe 1998 (56/70 - 48/80: 0.0524 to 0.3339)', () => {
    const [lo, hi] = newcombeInterval(56, 70, 48, 80) as [number, number];
    expect(lo).toBeCloseTo(0.0524, 4);
    expect(hi).toBeCloseTo(0.3339, 4);
  });
  it('either group empty gives null', () => {
    expect(newcombeInterval(0, 0, 3, 10)).toBeNull();
    expect(newcombeInterval(3, 10, 0, 0)).toBeNull();
  });
});

interface TableCase {
  table: Table2x2;
}

describe('oddsRatio', () => {
  for (const c of reference.oddsRatio as (TableCase & { expected: number })[])
    it(`${JSON.stringify(c.table)} -> ${c.expected}`, () => expectClose(oddsRatio(c.table), c.expected, 1e-12));
  it('adds 0.5 to every cell only when a cell is 0', () => {
    expect(oddsRatio([[2, 4], [3, 6]])).toBe(1);
    expect(oddsRatio([[0, 5], [3, 2]])).toBeCloseTo((0.5 * 2.5) / (5.5 * 3.5), 15);
  });
  it('a group without trials gives null', () => expect(oddsRatio(tableFromCounts(0, 0, 3, 10))).toBeNull());
  it('tableFromCounts puts k and n - k of A in the first row', () =>
    expect(tableFromCounts(3, 10, 4, 8)).toEqual([[3, 7], [4, 4]]));
});

describe('chiSquare2x2 matches scipy.stats.chi2_contingency(correction=False)', () => {
  for (const c of reference.chiSquare2x2 as (TableCase & { chi2: number | null; p: number | null; cramersV: number | null; exact_p?: number })[])
    it(`${JSON.stringify(c.table)} -> chi2 ${c.chi2}, p ${c.p}`, () => {
      const got = chiSquare2x2(c.table);
      expectClose(got.chi2, c.chi2, 1e-12, 'chi2');
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.cramersV, c.cramersV, 1e-12, 'cramersV');
      if (c.exact_p !== undefined) expectClose(got.p, c.exact_p, 1e-10, 'p vs mpmath');
    });
  it('a zero margin gives all nulls (SciPy raises: an expected count is 0)', () =>
    expect(chiSquare2x2([[0, 0], [5, 5]])).toEqual({ chi2: null, p: null, cramersV: null }));
});

describe('fisherExactTwoSided matches R fisher.test and scipy fisher_exact', () => {
  for (const c of reference.fisherExact as (TableCase & { scipy: number; r?: number })[])
    it(`${JSON.stringify(c.table)} -> ${c.r ?? c.scipy}`, () => {
      const got = fisherExactTwoSided(c.table);
      // R normalises by the sum of the pmf (rounding ~1e-15) and SciPy sums CDFs; tails agree to 1e-9.
      expectClose(got, c.scipy, 1e-9, 'vs scipy');
      if (c.r !== undefined) expectClose(got, c.r, 1e-9, 'vs R');
    });
  it("Fisher's tea-tasting table gives 34/70", () => expectClose(fisherExactTwoSided([[3, 1], [1, 3]]), 34 / 70, 1e-14));
  it('[[100, 0], [0, 100]] gives 2 / C(200, 100), a p below 1e-58', () =>
    expectClose(fisherExactTwoSided([[100, 0], [0, 100]]), 2 / 9.054851465610328e58, 1e-12));
  it('an empty table gives null and a zero margin gives 1', () => {
    expect(fisherExactTwoSided([[0, 0], [0, 0]])).toBeNull();
    expect(fisherExactTwoSided([[0, 0], [3, 4]])).toBe(1);
  });
});
