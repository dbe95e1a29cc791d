import { describe, expect, it } from 'vitest';
import { anova } from '../../analysis/stats/anova.ts';
import { kruskal } from '../../analysis/stats/kruskal.ts';
import { expectClose } from './expect-close.ts';
import { reference } from './reference.ts';

const groups = reference.groups as Record<string, number[][]>;

describe('anova matches scipy.stats.f_oneway', () => {
  for (const [name, c] of Object.entries(reference.anova as Record<string, { F: number | null; df1: number; df2: number; p: number | null }>))
    it(`${name}: F ${c.F}, p ${c.p}`, () => {
      const got = anova(groups[name]);
      expectClose(got.F, c.F, 1e-11, 'F');
      expectClose(got.p, c.p, 1e-9, 'p');
      expect(got.df1).toBe(c.df1);
      expect(got.df2).toBe(c.df2);
    });
  it('constant groups (SciPy: F = inf, p = 0) give null F and p with the degrees of freedom kept', () =>
    expect(anova([[1, 1, 1], [2, 2]])).toEqual({ F: null, df1: 1, df2: 3, p: null }));
  it('empty groups are left out; one group left gives all nulls', () => {
    expect(anova([[1, 2, 3], []])).toEqual({ F: null, df1: null, df2: null, p: null });
    expect(anova([[1, 2, 3], [], [4, 5, 6]])).toEqual(anova([[1, 2, 3], [4, 5, 6]]));
  });
  it('the tail case has p below 1e-12 and is still positive', () => {
    const { p } = anova(groups.tail);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-12);
  });
});

describe('kruskal matches scipy.stats.kruskal (tie-corrected)', () => {
  for (const [name, c] of Object.entries(reference.kruskal as Record<string, { H: number | null; df: number; p: number | null }>))
    it(`${name}: H ${c.H}, p ${c.p}`, () => {
      const got = kruskal(groups[name]);
      expectClose(got.H, c.H, 1e-11, 'H');
      expectClose(got.p, c.p, 1e-9, 'p');
      expect(got.df).toBe(c.df);
    });
  it('all values identical (SciPy: error / NaN) gives null H and p', () =>
    expect(kruskal([[3, 3], [3, 3, 3]])).toEqual({ H: null, df: 1, p: null }));
  it('fewer than two non-empty groups gives all nulls', () =>
    expect(kruskal([[1, 2], []])).toEqual({ H: null, df: null, p: null }));
});
