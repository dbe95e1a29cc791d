import { describe, expect, it } from 'vitest';
import { welch } from '../../analysis/stats/welch.ts';
import { mannWhitney } from '../../analysis/stats/mann-whitney.ts';
import { expectClose } from './expect-close.ts';
import { reference } from './reference.ts';

/** Rebuilds the large_df samples of make_reference.py (exact integer arithmetic, identical in both languages). */
function largeSamples(): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 100000; i++) {
    a.push(((i * 7919) % 10007) / 10007);
    b.push((((i * 104729) % 10009) / 10009) * 1.2 - 0.09);
  }
  return { a, b };
}

function sample(name: string): { a: number[]; b: number[] } {
  return name === 'large_df' ? largeSamples() : reference.samples[name];
}

interface WelchCase {
  t: number | null;
  df: number | null;
  p: number | null;
  hedges_g: number | null;
}

describe('welch matches scipy.stats.ttest_ind(A, B, equal_var=False)', () => {
  for (const [name, c] of Object.entries(reference.welch as Record<string, WelchCase>))
    it(`${name}: t ${c.t}, df ${c.df}, p ${c.p}, g ${c.hedges_g}`, () => {
      const { a, b } = sample(name);
      const got = welch(a, b);
      expectClose(got.t, c.t, 1e-11, 't');
      expectClose(got.df, c.df, 1e-11, 'df');
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.hedges_g, c.hedges_g, 1e-11, 'hedges_g');
    });
  it('large samples (df ~ 2e5) keep a p of 2.5e-12 that jStat.studentt would lose', () => {
    const { a, b } = largeSamples();
    const got = welch(a, b);
    expect(got.df).toBeGreaterThan(1e5);
    expect(got.p).toBeLessThan(1e-11);
  });
  it('identical constant groups: SciPy gives NaN, we give null t, df, p and g', () =>
    expect(welch([0.5, 0.5, 0.5], [0.5, 0.5])).toEqual({ t: null, df: null, p: null, hedges_g: null }));
  it('a group of one gives all nulls (its variance is undefined)', () =>
    expect(welch([0.5], [0.1, 0.4, 0.9])).toEqual({ t: null, df: null, p: null, hedges_g: null }));
  it('identical non-constant groups give t = 0 and p = 1', () => {
    const got = welch([1, 2, 3], [1, 2, 3]);
    expect(got.t).toBe(0);
    expect(got.p).toBe(1);
    expect(got.hedges_g).toBe(0);
  });
  it('the sign follows A - B', () => {
    expect(welch([5, 6, 7], [1, 2, 3.5]).t).toBeGreaterThan(0);
    expect(welch([1, 2, 3.5], [5, 6, 7]).t).toBeLessThan(0);
  });
});

interface MannWhitneyCase {
  U: number | null;
  p: number | null;
  rank_biserial: number | null;
}

describe("mannWhitney matches scipy.stats.mannwhitneyu(A, B, method='asymptotic', use_continuity=True)", () => {
  for (const [name, c] of Object.entries(reference.mannWhitney as Record<string, MannWhitneyCase>))
    it(`${name}: U ${c.U}, p ${c.p}`, () => {
      const { a, b } = sample(name);
      const got = mannWhitney(a, b);
      expectClose(got.U, c.U, 1e-12, 'U');
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.rank_biserial, c.rank_biserial, 1e-9, 'rank_biserial');
    });
  it('U is the statistic of A: 0 when every A is below every B, rank-biserial -1', () => {
    const got = mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(got.U).toBe(0);
    expect(got.rank_biserial).toBe(-1);
  });
  it('all values tied: U at its mean, p = 1 (SciPy clips 2 P(Z >= -inf))', () =>
    expect(mannWhitney([1, 1, 1], [1, 1])).toEqual({ U: 3, p: 1, rank_biserial: 0 }));
  it('an empty group gives all nulls', () => expect(mannWhitney([], [1, 2])).toEqual({ U: null, p: null, rank_biserial: null }));
});
