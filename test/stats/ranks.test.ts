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
