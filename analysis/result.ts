import type { RelianceMetricKey } from './metrics/reliance-metrics.ts';
import type { TaskType } from './metrics/task-type.ts';
import type { Descriptives } from './descriptives/descriptives.ts';

/**
 * The result of `confiance analyze`: exactly the shape and key names of METRICS.md section 6.
 * Additions beyond section 6 (documented there as extensions): `task`, `tolerance`, `bootstrap`, `exclusions`,
 * `metrics.woa` for numeric tasks, and the `scales` entries.
 */
export type Interval = [number, number];

export interface RatioMetric {
  k: number;
  n: number;
  value: number | null;
  wilson: Interval | null;
  bootstrap: Interval | null;
  participant_mean: number | null;
  participants_defined: number;
  participants_undefined: number;
}

export interface WoaMetric {
  /** Mean of the clamped per-trial weights of advice. */
  mean: number | null;
  raw_mean: number | null;
  n: number;
  excluded: number;
  share_0: number | null;
  share_1: number | null;
  participant_mean: number | null;
  /** Counts of clamped values in [0, 0.1), ..., [0.9, 1]. */
  histogram: number[];
}

export type ConditionMetrics = { [K in RelianceMetricKey]: RatioMetric | null } & { woa?: WoaMetric | null };

export interface ConditionResult {
  condition: string;
  participants: number;
  trials: number;
  metrics: ConditionMetrics;
  complementarity: boolean | null;
  reliance_discrimination: number | null;
  /** Per-participant agreement values, sorted (for the distribution plot). */
  agreement_distribution?: number[];
}

export interface WelchResult {
  t: number;
  df: number;
  p: number;
  hedges_g: number | null;
}

export interface MannWhitneyResult {
  U: number;
  p: number;
  rank_biserial: number;
}

export interface Comparison {
  metric: string;
  condition: string;
  control: string;
  difference: number | null;
  newcombe: Interval | null;
  odds_ratio: number | null;
  chi2: number | null;
  chi2_p: number | null;
  fisher_p: number | null;
  cramers_v: number | null;
  welch: WelchResult | null;
  mann_whitney: MannWhitneyResult | null;
  p_holm: number | null;
}

export interface Omnibus {
  metric: string;
  anova: { F: number; df1: number; df2: number; p: number } | null;
  kruskal: { H: number; df: number; p: number } | null;
}

export interface ScaleConditionSummary {
  condition: string;
  n: number;
  mean: number | null;
  sd: number | null;
  alpha: number | null;
}

export interface ScaleComparison {
  condition: string;
  control: string;
  difference: number | null;
  welch: WelchResult | null;
  mann_whitney: MannWhitneyResult | null;
  p_holm: number | null;
}

export interface ScaleCorrelation {
  metric: string;
  rho: number | null;
  p: number | null;
  n: number;
}

export interface ScaleResult {
  scale: string;
  subscale: string;
  items: string[];
  reversed: string[];
  conditions: ScaleConditionSummary[];
  comparisons: ScaleComparison[];
  correlations: ScaleCorrelation[];
}

export interface ExclusionSummary {
  trials: number;
  participants_fully_excluded: number;
  by_reason: { condition: string; reason: string; trials: number }[];
}

export interface AnalysisResult {
  experiment: string;
  control: string;
  task: TaskType;
  tolerance: number;
  bootstrap: { resamples: number; seed: number; skipped: { condition: string; metric: string; resamples: number }[] };
  exclusions: ExclusionSummary;
  conditions: ConditionResult[];
  comparisons: Comparison[];
  omnibus: Omnibus[];
  scales: ScaleResult[];
  /** Descriptive views of the trials (analysis/descriptives/). */
  descriptives: Descriptives;
}
