import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../analysis/stats/ranks.ts';

describe('averageRanks', () => {
  it('matches scipy.stats.rankdata (average) with ties, zero and minus zero in any order', () => {
    // scipy 1.17.1: scipy.stats.rankdata([3, 0.0, -0.0, 7, 3, 3, -2.5, 7]) = [5., 2.5, 2.5, 7.5, 5., 5., 1., 7.5]
    const { ranks, tieTerm } = averageRanks([3, 0, -0, 7, 3, 3, -2.5, 7]);
    expect(Array.from(ranks)).toEqual([5, 2.5, 2.5, 7.5, 5, 5, 1, 7.5]);
    // Ties of 2, 3 and 2 values: (8 - 2) + (27 - 3) + (8 - 2).
    expect(tieTerm).toBe(36);
  });

  it('gives every value of a long sample the rank its run of equal values shares', () => {
    const values = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 101) / 4);
    const { ranks } = averageRanks(values);
    for (let i = 0; i < values.length; i += 97) {
      const below = values.filter((v) => v < values[i]).length;
      const equal = values.filter((v) => v === values[i]).length;
      expect(ranks[i]).toBe(below + (equal + 1) / 2);
    }
  });
});

describe('average ranks of many tied values (participant ratios)', () => {
  /** The definition itself: positions sorted by value, each run of equal values sharing the mean of its ranks. */
  function byDefinition(values: readonly number[]): { ranks: number[]; tieTerm: number } {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const ranks = new Array<number>(values.length);
    let tieTerm = 0;
    for (let start = 0; start < order.length; ) {
      let end = start + 1;
      while (end < order.length && values[order[end]] === values[order[start]]) end++;
      for (let k = start; k < end; k++) ranks[order[k]] = (start + 1 + end) / 2;
      tieTerm += (end - start) ** 3 - (end - start);
      start = end;
    }
    return { ranks, tieTerm };
  }

  it('equal the definition for 5,000 ratios k/n with n <= 50, -0 and 0 alike', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? -0 : Math.floor(next() * 51) / (1 + Math.floor(next() * 50))));
    const { ranks, tieTerm } = averageRanks(values);
    const expected = byDefinition(values);
    expect(Array.from(ranks)).toEqual(expected.ranks);
    expect(tieTerm).toBe(expected.tieTerm);
    expect(tieTerm).toBeGreaterThan(1e6);
  });
});
