import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pairedT } from '../../analysis/stats/paired-t.ts';
import { wilcoxonSignedRank } from '../../analysis/stats/wilcoxon.ts';
import { friedman } from '../../analysis/stats/friedman.ts';
import { tostPaired, tostWelch } from '../../analysis/stats/tost.ts';
import { hedgesGInterval, pairedEffectInterval } from '../../analysis/stats/effect-size-interval.ts';
import { factorialAnova } from '../../analysis/stats/anova-type2.ts';
import { leastSquares } from '../../analysis/stats/least-squares.ts';
import { rmAnova } from '../../analysis/stats/repeated-measures-anova.ts';
import { welch } from '../../analysis/stats/welch.ts';
import { studentTUpperP } from '../../analysis/stats/distributions.ts';
import { expectClose, expectPairClose } from './expect-close.ts';

/*
 * Expected values: test/stats/fixtures/design-reference.json, written by make_design_reference.py with SciPy 1.17.1
 * (ttest_rel, wilcoxon, friedmanchisquare), statsmodels 0.13.5 (ttost_ind, ttost_paired, effectsize_smd, anova_lm typ=2)
 * and R 4.2.2 car 3.1.1 (car::Anova(lm(y ~ A * B), type = 2)), statsmodels AnovaRM for the repeated-measures ANOVA;
 * the exact call is stored next to each value.
 */
// `any`: a JSON fixture whose shape is documented in make_design_reference.py; only the tests read it.
const ref: any = JSON.parse(readFileSync(new URL('./fixtures/design-reference.json', import.meta.url), 'utf8'));
const sample = (name: string): { a: number[]; b: number[] } => ref.samples[name];

describe('pairedT matches scipy.stats.ttest_rel, with d_z and g_z', () => {
  for (const [name, c] of Object.entries<any>(ref.paired_t))
    it(`${name}: t ${c.t}, p ${c.p}`, () => {
      const { a, b } = sample(name);
      const got = pairedT(a, b);
      expectClose(got.t, c.t, 1e-11, 't');
      expectClose(got.df, c.df, 0, 'df');
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.dz, c.dz, 1e-11, 'dz');
      expectClose(got.hedges_gz, c.hedges_gz, 1e-11, 'gz');
      expectPairClose(pairedEffectInterval(got.hedges_gz, a.length), c.gz_interval, 1e-11, 'gz interval');
    });
  it('all differences equal: no t (SciPy gives NaN or inf), mean difference kept', () => {
    const got = pairedT([1, 2, 3], [0, 1, 2]);
    expect(got.t).toBeNull();
    expect(got.mean_difference).toBe(1);
  });
  it('rejects samples of different lengths (pairs are required)', () => expect(() => pairedT([1, 2], [1])).toThrow(RangeError));
});

describe("wilcoxonSignedRank matches scipy.stats.wilcoxon(zero_method='wilcox', correction=True, method='asymptotic')", () => {
  for (const [name, c] of Object.entries<any>(ref.wilcoxon))
    it(`${name}: W ${c.W}, p ${c.p}`, () => {
      const { a, b } = sample(name);
      const got = wilcoxonSignedRank(a, b);
      expectClose(got.W, c.W, 1e-12, 'W');
      expectClose(got.p, c.p, 1e-9, 'p');
      expect(got.n).toBe(c.n);
      expectClose(got.r_plus, c.r_plus, 1e-12, 'R+');
      expectClose(got.rank_biserial, c.rank_biserial, 1e-12, 'rank-biserial');
    });
  it('no non-zero difference: every statistic null (SciPy gives NaN)', () =>
    expect(wilcoxonSignedRank([0.5, 0.25], [0.5, 0.25])).toEqual({ W: null, r_plus: null, r_minus: null, n: 0, z: null, p: null, rank_biserial: null }));
});

describe('friedman matches scipy.stats.friedmanchisquare', () => {
  for (const [name, c] of Object.entries<any>(ref.friedman))
    it(`${name}: chi2 ${c.chi2}, p ${c.p}`, () => {
      const got = friedman(c.blocks);
      expectClose(got.chi2, c.chi2, 1e-11, 'chi2');
      expectClose(got.p, c.p, 1e-9, 'p');
      expect(got.df).toBe(c.blocks[0].length - 1);
      expect(got.n).toBe(c.blocks.length);
    });
  it('two conditions: null (SciPy needs at least 3; the paired tests apply)', () => expect(friedman([[1, 2], [2, 1]]).chi2).toBeNull());
  it('every block tied: null chi2 and p', () => expect(friedman([[1, 1, 1], [0, 0, 0]]).p).toBeNull());
});

describe('TOST matches statsmodels ttost_ind(usevar="unequal") and ttost_paired', () => {
  const margin: number = ref.tost_margin;
  for (const [name, c] of Object.entries<any>(ref.tost_ind))
    it(`independent ${name}: p ${c.p}`, () => {
      const { a, b } = sample(name);
      const got = tostWelch(a, b, margin)!;
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.t_lower, c.t_lower, 1e-11, 't lower');
      expectClose(got.p_lower, c.p_lower, 1e-9, 'p lower');
      expectClose(got.t_upper, c.t_upper, 1e-11, 't upper');
      expectClose(got.p_upper, c.p_upper, 1e-9, 'p upper');
      expectClose(got.df, c.df, 1e-11, 'df');
    });
  for (const [name, c] of Object.entries<any>(ref.tost_paired))
    it(`paired ${name}: p ${c.p}`, () => {
      const { a, b } = sample(name);
      const got = tostPaired(a, b, margin)!;
      expectClose(got.p, c.p, 1e-9, 'p');
      expectClose(got.t_lower, c.t_lower, 1e-11, 't lower');
      expectClose(got.t_upper, c.t_upper, 1e-11, 't upper');
      expectClose(got.df, c.df, 0, 'df');
    });
  it('a margin of 0 or less is refused', () => expect(() => tostWelch([1, 2], [1, 2], 0)).toThrow(RangeError));
  it('the one-sided t tail equals scipy.stats.t.sf(2, 10) = 0.03669401738537018', () =>
    expectClose(studentTUpperP(2, 10), 0.03669401738537018, 1e-12));
});

describe("Hedges' g interval: statsmodels effectsize_smd variance, normal approximation", () => {
  for (const [name, c] of Object.entries<any>(ref.smd))
    it(`${name}: g ${c.g}`, () => {
      const { a, b } = sample(name);
      const g = welch(a, b).hedges_g;
      expectClose(g, c.g, 1e-11, 'g');
      expectPairClose(hedgesGInterval(g, a.length, b.length), c.interval, 1e-10, 'interval');
    });
});

describe('factorialAnova (type II) matches R car::Anova(lm(y ~ A * B), type = 2)', () => {
  for (const [name, c] of Object.entries<any>(ref.anova_type2))
    it(`${name}: ${c.terms.join(', ')}`, () => {
      const rows: (string | number)[][] = c.rows;
      const factors = rows[0].length - 1;
      const got = factorialAnova(
        rows.map((r) => r.slice(0, factors) as string[]),
        rows.map((r) => r[factors] as number),
        ['A', 'B', 'C'].slice(0, factors),
      );
      const last = c.terms.length - 1;
      expect(got.terms.map((t) => t.term)).toEqual(c.terms.slice(0, last));
      got.terms.forEach((t, i) => {
        expectClose(t.sum_sq, c.sum_sq[i], 1e-9, `${t.term} SS`);
        expect(t.df).toBe(c.df[i]);
        expectClose(t.F, c.F[i], 1e-9, `${t.term} F`);
        expectClose(t.p, c.p[i], 1e-8, `${t.term} p`);
      });
      expectClose(got.residual.sum_sq, c.sum_sq[last], 1e-9, 'residual SS');
      expect(got.residual.df).toBe(c.df[last]);
    });
  it('agrees with statsmodels anova_lm(typ=2) on the unbalanced design', () => {
    const c = ref.anova_type2.unbalanced;
    const got = factorialAnova(c.rows.map((r: unknown[]) => r.slice(0, 2)), c.rows.map((r: unknown[]) => r[2]));
    got.terms.forEach((t, i) => expectClose(t.sum_sq, c.statsmodels.sum_sq[i], 1e-9, t.term));
  });
  it('a term without any effect has sum of squares 0 and p 1 in whatever order the observations come', () => {
    // Additive in A and B (no interaction), with a within-cell spread: the interaction's SS is 0 exactly in theory,
    // rounding in practice (a difference of two residual sums of about 0.3). Rows in 40 orders.
    const cells = [['a', 'x', 0.1], ['a', 'y', 0.4], ['b', 'x', 0.7], ['b', 'y', 1.0], ['c', 'x', 1.3], ['c', 'y', 1.6]] as const;
    const rows = cells.flatMap(([a, b, m]) => [-0.13, 0.07, 0.06].map((e) => [a, b, m + e] as const));
    for (let order = 0; order < 40; order++) {
      const shuffled = rows.map((r, i) => [r, (i * (2 * order + 7)) % 101] as const).sort((x, y) => x[1] - y[1]).map(([r]) => r);
      const got = factorialAnova(shuffled.map(([a, b]) => [a, b]), shuffled.map(([, , y]) => y), ['A', 'B']);
      const interaction = got.terms.find((t) => t.term === 'A:B')!;
      expect(interaction.sum_sq, `order ${order}`).toBe(0);
      expect(interaction.p, `order ${order}`).toBe(1);
      expectClose(got.terms.find((t) => t.term === 'A')!.sum_sq, 4.32, 1e-9, 'A: 6 rows a level, means 0.25, 0.85, 1.45');
    }
  });
  it('least squares drops a column the others span (rank-deficient design)', () => {
    const fit = leastSquares([[1, 1, 2], [1, 0, 0], [1, 1, 2], [1, 0, 0]], [1, 2, 3, 4]);
    expect(fit.rank).toBe(2);
    expectClose(fit.rss, 4, 1e-12);
  });
});

describe('rmAnova matches statsmodels AnovaRM (within-subjects factorial, complete data)', () => {
  for (const [name, c] of Object.entries<any>(ref.anova_rm))
    it(`${name}: F ${c.F.map((f: number) => f.toFixed(3)).join(', ')}`, () => {
      const got = rmAnova(c.values, c.cells, ['A', 'B']);
      expect(got.map((t) => t.term)).toEqual(c.terms);
      got.forEach((t, i) => {
        expectClose(t.F, c.F[i], 1e-9, `${t.term} F`);
        expect(t.df).toBe(c.num_df[i]);
        expect(t.error_df).toBe(c.den_df[i]);
        expectClose(t.p, c.p[i], 1e-8, `${t.term} p`);
      });
    });
  it('fewer than two subjects: no test', () => expect(rmAnova([[1, 2]], [['a'], ['b']], ['A'])).toEqual([]));
});
