import { tableFromCounts } from './stats/table-2x2.ts';
import { newcombeInterval } from './stats/newcombe.ts';
import { oddsRatio } from './stats/odds-ratio.ts';
import { chiSquare2x2 } from './stats/chi-square-2x2.ts';
import { fisherExactTwoSided } from './stats/fisher-exact.ts';
import { welch } from './stats/welch.ts';
import { mannWhitney } from './stats/mann-whitney.ts';
import { holm } from './stats/holm.ts';
import { anova } from './stats/anova.ts';
import { kruskal } from './stats/kruskal.ts';
import type { Comparison, Omnibus, RatioMetric, WelchResult, MannWhitneyResult } from './result.ts';

/** What a comparison needs of one condition for one metric: the pooled counts and the per-participant ratios. */
export interface MetricSample {
  condition: string;
  pooled: RatioMetric;
  participantRatios: ArrayLike<number>;
}

/**
 * Every non-control condition against the control for one metric (METRICS.md section 3): trial-level tests on the
 * pooled 2x2 table (descriptive: trials are not independent), participant-level Welch and Mann-Whitney (inferential),
 * and Holm's adjustment of the Welch p-values across the comparisons of this metric.
 */
export function compareToControl(metric: string, control: MetricSample, others: readonly MetricSample[]): Comparison[] {
  const comparisons = others.map((a) => compareOne(metric, a, control));
  const adjusted = holm(comparisons.map((c) => c.welch?.p ?? null));
  comparisons.forEach((c, i) => (c.p_holm = adjusted[i]));
  return comparisons;
}

function compareOne(metric: string, a: MetricSample, b: MetricSample): Comparison {
  const A = a.pooled;
  const B = b.pooled;
  const tableDefined = A.n > 0 && B.n > 0;
  const table = tableFromCounts(A.k, A.n, B.k, B.n);
  const chi = tableDefined ? chiSquare2x2(table) : null;
  return {
    metric,
    condition: a.condition,
    control: b.condition,
    difference: tableDefined ? A.k / A.n - B.k / B.n : null,
    newcombe: newcombeInterval(A.k, A.n, B.k, B.n),
    odds_ratio: tableDefined ? oddsRatio(table) : null,
    chi2: chi?.chi2 ?? null,
    chi2_p: chi?.p ?? null,
    fisher_p: tableDefined ? fisherExactTwoSided(table) : null,
    cramers_v: chi?.cramersV ?? null,
    welch: welchOrNull(a.participantRatios, b.participantRatios),
    mann_whitney: mannWhitneyOrNull(a.participantRatios, b.participantRatios),
    p_holm: null,
  };
}

/** Welch's test, or null when it is undefined (fewer than two values in a group, or both variances 0). */
export function welchOrNull(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult | null {
  const r = welch(a, b);
  if (r.t === null || r.df === null || r.p === null) return null;
  return { t: r.t, df: r.df, p: r.p, hedges_g: r.hedges_g };
}

export function mannWhitneyOrNull(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult | null {
  const r = mannWhitney(a, b);
  if (r.U === null || r.p === null || r.rank_biserial === null) return null;
  return { U: r.U, p: r.p, rank_biserial: r.rank_biserial };
}

/** One-way ANOVA and Kruskal-Wallis on per-participant ratios, for designs with more than two conditions. */
export function omnibusTests(metric: string, groups: readonly ArrayLike<number>[]): Omnibus {
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length < 3) return { metric, anova: null, kruskal: null };
  const f = anova(nonEmpty);
  const h = kruskal(nonEmpty);
  return {
    metric,
    anova: f.F === null || f.p === null ? null : { F: f.F, df1: f.df1!, df2: f.df2!, p: f.p },
    kruskal: h.H === null || h.p === null ? null : { H: h.H, df: h.df!, p: h.p },
  };
}
