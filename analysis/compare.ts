import { tableFromCounts } from './stats/table-2x2.ts';
import { newcombeInterval } from './stats/newcombe.ts';
import { oddsRatio } from './stats/odds-ratio.ts';
import { chiSquare2x2 } from './stats/chi-square-2x2.ts';
import { fisherExactTwoSided } from './stats/fisher-exact.ts';
import { welch } from './stats/welch.ts';
import { mannWhitney } from './stats/mann-whitney.ts';
import { pairedT } from './stats/paired-t.ts';
import { wilcoxonSignedRank } from './stats/wilcoxon.ts';
import { tostPaired, tostWelch, type TostResult } from './stats/tost.ts';
import { hedgesGInterval, pairedEffectInterval } from './stats/effect-size-interval.ts';
import { differenceInterval } from './stats/bootstrap.ts';
import { holm } from './stats/holm.ts';
import { anova } from './stats/anova.ts';
import { kruskal } from './stats/kruskal.ts';
import { friedman } from './stats/friedman.ts';
import { rmAnova } from './stats/repeated-measures-anova.ts';
import type {
  Comparison,
  EquivalenceResult,
  Omnibus,
  RatioMetric,
  WelchResult,
  MannWhitneyResult,
  PairedTComparison,
  WilcoxonComparison,
} from './result.ts';

/** What a comparison needs of one condition for one metric. */
export interface MetricSample {
  condition: string;
  pooled: RatioMetric;
  /** Per-participant ratios (participants with n = 0 left out, or counted as 0 with --undefined-as-zero). */
  participantRatios: ArrayLike<number>;
  /** The participant of each ratio, in the same order (pairs the conditions of a within-subjects design). */
  participantIds: readonly string[];
  /** The pooled ratio in each bootstrap resample (NaN when undefined), or null when the bootstrap is off. */
  resampled: Float64Array | null;
}

export interface CompareOptions {
  design: 'between' | 'within';
  /** --equivalence-margin: TOST of the participant-level difference within +-margin. */
  equivalenceMargin?: number;
}

/**
 * Every non-control condition against the control for one metric (METRICS.md section 3): trial-level tests on the
 * pooled 2x2 table (descriptive: trials are not independent), then the participant-level inferential tests:
 * between-subjects Welch and Mann-Whitney; within-subjects paired t and Wilcoxon signed-rank on the participants with a
 * ratio in both conditions. Holm's adjustment runs over this metric's comparisons (Welch p, or paired-t p).
 */
export function compareToControl(
  metric: string,
  control: MetricSample,
  others: readonly MetricSample[],
  options: CompareOptions,
): Comparison[] {
  const comparisons = others.map((a) => compareOne(metric, a, control, options));
  const tested = comparisons.map((c) => (options.design === 'within' ? (c.paired_t?.p ?? null) : (c.welch?.p ?? null)));
  const adjusted = holm(tested);
  comparisons.forEach((c, i) => (c.p_holm = adjusted[i]));
  return comparisons;
}

function compareOne(metric: string, a: MetricSample, b: MetricSample, options: CompareOptions): Comparison {
  const A = a.pooled;
  const B = b.pooled;
  const tableDefined = A.n > 0 && B.n > 0;
  const table = tableFromCounts(A.k, A.n, B.k, B.n);
  const chi = tableDefined ? chiSquare2x2(table) : null;
  const within = options.design === 'within';
  const pairs = within ? pairRatios(a, b) : null;
  const margin = options.equivalenceMargin;
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
    welch: within ? null : welchOrNull(a.participantRatios, b.participantRatios),
    mann_whitney: within ? null : mannWhitneyOrNull(a.participantRatios, b.participantRatios),
    p_holm: null,
    holm_test: within ? 'paired_t' : 'welch',
    // A difference of two design constants (AI accuracy fixed by the plan) has no sampling interval.
    bootstrap_difference:
      tableDefined && a.resampled !== null && b.resampled !== null && !(A.fixed_by_design && B.fixed_by_design)
        ? differenceInterval(a.resampled, b.resampled).interval
        : null,
    ...(pairs === null ? {} : { paired_t: pairedTOrNull(pairs.a, pairs.b), wilcoxon: wilcoxonOrNull(pairs.a, pairs.b) }),
    ...(margin === undefined
      ? {}
      : {
          equivalence: pairs
            ? equivalence(tostPaired(pairs.a, pairs.b, margin), margin, 'paired_t')
            : equivalence(tostWelch(a.participantRatios, b.participantRatios, margin), margin, 'welch'),
        }),
  };
}

/** The ratios of the participants present in both samples, in the same order. */
export function pairRatios(a: MetricSample, b: MetricSample): { a: Float64Array; b: Float64Array; ids: string[] } {
  const inB = new Map<string, number>();
  b.participantIds.forEach((id, i) => inB.set(id, b.participantRatios[i]));
  const ids: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  a.participantIds.forEach((id, i) => {
    const y = inB.get(id);
    if (y === undefined) return;
    ids.push(id);
    xs.push(a.participantRatios[i]);
    ys.push(y);
  });
  return { a: Float64Array.from(xs), b: Float64Array.from(ys), ids };
}

/** Welch's test with the interval of Hedges' g, or null when it is undefined (a group below 2, both variances 0). */
export function welchOrNull(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult | null {
  const r = welch(a, b);
  if (r.t === null || r.df === null || r.p === null) return null;
  return { t: r.t, df: r.df, p: r.p, hedges_g: r.hedges_g, hedges_g_ci: hedgesGInterval(r.hedges_g, a.length, b.length) };
}

export function mannWhitneyOrNull(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult | null {
  const r = mannWhitney(a, b);
  if (r.U === null || r.p === null || r.rank_biserial === null) return null;
  return { U: r.U, p: r.p, rank_biserial: r.rank_biserial };
}

function pairedTOrNull(a: ArrayLike<number>, b: ArrayLike<number>): PairedTComparison | null {
  const r = pairedT(a, b);
  if (r.t === null || r.df === null || r.p === null || r.mean_difference === null) return null;
  const { t, df, p, mean_difference, dz, hedges_gz, n } = r;
  return { t, df, p, mean_difference, dz, hedges_gz, hedges_gz_ci: pairedEffectInterval(hedges_gz, n), n };
}

function wilcoxonOrNull(a: ArrayLike<number>, b: ArrayLike<number>): WilcoxonComparison | null {
  const r = wilcoxonSignedRank(a, b);
  if (r.W === null || r.p === null || r.rank_biserial === null) return null;
  return { W: r.W, p: r.p, rank_biserial: r.rank_biserial, n: r.n };
}

function equivalence(r: TostResult | null, margin: number, test: 'welch' | 'paired_t'): EquivalenceResult | null {
  if (r === null) return null;
  const { difference, df, t_lower, p_lower, t_upper, p_upper, p } = r;
  return { margin, test, difference, df, t_lower, p_lower, t_upper, p_upper, p, equivalent: p < 0.05 };
}

/**
 * Omnibus tests across all conditions on per-participant ratios, for designs with more than two conditions:
 * between-subjects one-way ANOVA and Kruskal-Wallis; within-subjects Friedman on the participants with a ratio in every
 * condition (the others are left out and counted in `participants_incomplete`).
 */
export function omnibusTests(metric: string, samples: readonly MetricSample[], design: 'between' | 'within'): Omnibus {
  if (design === 'within') {
    const { blocks, incomplete } = completeBlocks(samples);
    return { metric, anova: null, kruskal: null, friedman: friedmanOrNull(blocks, incomplete), rm_anova: rmAnovaOrNull(blocks, incomplete, samples.length) };
  }
  const nonEmpty = samples.map((s) => s.participantRatios).filter((g) => g.length > 0);
  if (nonEmpty.length < 3) return { metric, anova: null, kruskal: null };
  const f = anova(nonEmpty);
  const h = kruskal(nonEmpty);
  return {
    metric,
    anova: f.F === null || f.p === null ? null : { F: f.F, df1: f.df1!, df2: f.df2!, p: f.p },
    kruskal: h.H === null || h.p === null ? null : { H: h.H, df: h.df!, p: h.p },
  };
}

/** The participants with a ratio in every condition, one row each (conditions in order); how many others there are. */
function completeBlocks(samples: readonly MetricSample[]): { blocks: number[][]; incomplete: number } {
  const byCondition = samples.map((s) => {
    const m = new Map<string, number>();
    s.participantIds.forEach((id, i) => m.set(id, s.participantRatios[i]));
    return m;
  });
  const everyone = new Set(samples.flatMap((s) => s.participantIds));
  const blocks: number[][] = [];
  for (const id of everyone) {
    const row = byCondition.map((m) => m.get(id));
    if (row.every((v) => v !== undefined)) blocks.push(row as number[]);
  }
  return { blocks, incomplete: everyone.size - blocks.length };
}

function friedmanOrNull(blocks: readonly number[][], incomplete: number): Omnibus['friedman'] {
  const r = friedman(blocks);
  if (r.chi2 === null || r.p === null || r.df === null) return null;
  return { chi2: r.chi2, df: r.df, p: r.p, n: r.n, participants_incomplete: incomplete };
}

/**
 * One-way repeated-measures ANOVA of the condition on the same complete participants as Friedman (rmAnova with the
 * condition as its one factor: = R car `Anova(lm(Y ~ 1), idata, idesign = ~condition)`), with the sphericity
 * corrections a reviewer asks for when there are three conditions or more. Null without a testable F.
 */
function rmAnovaOrNull(blocks: readonly number[][], incomplete: number, conditions: number): Omnibus['rm_anova'] {
  const cells = Array.from({ length: conditions }, (_, c) => [String(c)]);
  const [term] = rmAnova(blocks, cells, ['condition']);
  if (!term || term.F === null || term.p === null) return null;
  return { F: term.F, df1: term.df, df2: term.error_df, p: term.p, n: blocks.length, participants_incomplete: incomplete, sphericity: term.sphericity };
}
