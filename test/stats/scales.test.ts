import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../analysis/stats/cronbach-alpha.ts';
import { spearman } from '../../analysis/stats/spearman.ts';
import { averageRanks } from '../../analysis/stats/ranks.ts';
import { quantileSorted } from '../../analysis/stats/percentile.ts';
import { mean, standardDeviation, variance } from '../../analysis/stats/mean-sd.ts';
import { expectClose } from './expect-close.ts';
import { reference } from './reference.ts';

describe('cronbachAlpha matches the NumPy formula', () => {
  for (const c of reference.cronbachAlpha as { scores: number[][]; expected: number | null }[])
    it(`${c.scores.length} x ${c.scores[0].length} -> ${c.expected}`, () => expectClose(cronbachAlpha(c.scores), c.expected, 1e-12));
  it('fewer than 2 participants or 2 items gives null', () => {
    expect(cronbachAlpha([[1, 2, 3]])).toBeNull();
    expect(cronbachAlpha([[1], [2], [3]])).toBeNull();
  });
  it('rejects ragged rows', () => expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(RangeError));
});

describe('spearman matches scipy.stats.spearmanr', () => {
  for (const [name, c] of Object.entries(reference.spearman as Record<string, { x: number[]; y: number[]; rho: number | null; p: number | null }>))
    it(`${name}: rho ${c.rho}, p ${c.p}`, () => {
      const got = spearman(c.x, c.y);
      expectClose(got.rho, c.rho, 1e-12, 'rho');
      expectClose(got.p, c.p, 1e-9, 'p');
      expect(got.n).toBe(c.x.length);
    });
  it('a perfect monotone relation has p = 0, as SciPy', () => expect(spearman([1, 2, 3, 4], [2, 4, 8, 16])).toEqual({ rho: 1, p: 0, n: 4 }));
  it('rejects x and y of different lengths', () => expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError));
});

describe('averageRanks', () => {
  it('matches scipy.stats.rankdata and the tie term', () => {
    const { x, ranks, tieTerm } = reference.ranks as { x: number[]; ranks: number[]; tieTerm: number };
    const got = averageRanks(x);
    expect(Array.from(got.ranks)).toEqual(ranks);
    expect(got.tieTerm).toBe(tieTerm);
  });
  it('handles no value', () => expect(averageRanks([])).toEqual({ ranks: new Float64Array(0), tieTerm: 0 }));
});

describe('quantileSorted (type 7)', () => {
  it('matches numpy.quantile', () => {
    const { sorted, q, expected } = reference.percentile as { sorted: number[]; q: number[]; expected: number[] };
    q.forEach((level, i) => expectClose(quantileSorted(sorted, level), expected[i], 1e-14, `q=${level}`));
  });
  it('interpolates between order statistics and is null on no value', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});

describe('mean, variance, standardDeviation', () => {
  it('compute the sample (n - 1) variance', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 15);
  });
  it('are null when undefined: empty for the mean, n < 2 for the variance', () => {
    expect(mean([])).toBeNull();
    expect(variance([3])).toBeNull();
    expect(standardDeviation([])).toBeNull();
  });
  it('stay exact for large offsets (two-pass, no catastrophic cancellation)', () =>
    expect(variance([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBe(1));
});
