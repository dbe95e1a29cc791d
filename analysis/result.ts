import type { TermSphericity } from './stats/sphericity.ts';
import type { RelianceMetricKey } from './metrics/reliance-metrics.ts';
import type { TaskType } from './metrics/task-type.ts';
import type { Descriptives } from './descriptives/descriptives.ts';
import type { DecisionPowerResult } from './metrics/decision-power.ts';
import type { TostResult } from './stats/tost.ts';

/**
 * The result of `confiance analyze`: exactly the shape and key names of METRICS.md section 6.
 * Additions beyond section 6 (documented there as extensions): `task`, `tolerance`, `bootstrap`, `exclusions`,
 * `metrics.woa` for numeric tasks, and the `scales` entries; for issue 11 (all additive, see the README): `design`,
 * `undefined_ratios`, `primary`, `holm_families`, `filters`, `factorial`, `block_order`, `fixed_by_design` on a metric,
 * and per comparison `holm_test`, `bootstrap_difference`, `welch.hedges_g_ci`, `paired_t`, `wilcoxon`, `equivalence`,
 * per omnibus entry `friedman`.
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
  /**
   * accuracy_ai only: true when the study plan fixes the AI's accuracy (a simulated advisor with a set number of
   * errors, or every participant of the condition with the same k and n): it is a design constant, not an estimate,
   * so `wilson` and `bootstrap` are null.
   */
  fixed_by_design?: boolean;
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
  /** 95% interval of hedges_g (normal approximation, statsmodels effectsize_smd variance). */
  hedges_g_ci?: Interval | null;
}

/** Within-subjects: paired t-test on the participants with a ratio in both conditions (`scipy.stats.ttest_rel`). */
export interface PairedTComparison {
  t: number;
  df: number;
  p: number;
  mean_difference: number;
  dz: number | null;
  hedges_gz: number | null;
  hedges_gz_ci: Interval | null;
  /** Pairs used. */
  n: number;
}

/** Within-subjects: Wilcoxon signed-rank (zeros dropped, continuity-corrected normal approximation). */
export interface WilcoxonComparison {
  W: number;
  p: number;
  rank_biserial: number;
  /** Pairs with a non-zero difference. */
  n: number;
}

/** Two one-sided tests of |difference of participant means| < margin, on the comparison's participant-level test. */
export type EquivalenceResult = Omit<TostResult, 'lower_bound' | 'upper_bound'> & {
  margin: number;
  test: 'welch' | 'paired_t';
  /** p < 0.05. */
  equivalent: boolean;
};

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
  /** Which participant-level test `p_holm` adjusts: Welch (between-subjects) or paired t (within-subjects). */
  holm_test?: 'welch' | 'paired_t';
  /** Participant-cluster bootstrap 95% interval of `difference` (the headline interval; Newcombe is trial-level). */
  bootstrap_difference?: Interval | null;
  /** Within-subjects only (welch and mann_whitney are then null). */
  paired_t?: PairedTComparison | null;
  wilcoxon?: WilcoxonComparison | null;
  /** With --equivalence-margin only. */
  equivalence?: EquivalenceResult | null;
}

export interface Omnibus {
  metric: string;
  anova: { F: number; df1: number; df2: number; p: number } | null;
  kruskal: { H: number; df: number; p: number } | null;
  /** Within-subjects, more than two conditions: Friedman on the participants with a ratio in every condition. */
  friedman?: { chi2: number; df: number; p: number; n: number; participants_incomplete: number } | null;
  /**
   * Within-subjects, more than two conditions: a one-way repeated-measures ANOVA on the same participants, with its
   * sphericity (Greenhouse-Geisser and Huynh-Feldt corrected p, Mauchly's test).
   */
  rm_anova?: { F: number; df1: number; df2: number; p: number; n: number; participants_incomplete: number; sphericity: TermSphericity | null } | null;
}

/**
 * Main effects and interactions of the factors on one metric's participant-level ratios: between-subjects, a type II
 * ANOVA (one residual); within-subjects, a repeated-measures ANOVA on the participants with a ratio in every condition
 * (each term tested against its own term x participant error, `error_sum_sq` / `error_df`; `residual` null).
 */
export interface FactorialResult {
  metric: string;
  method?: 'type2' | 'repeated_measures';
  terms: { term: string; sum_sq: number; df: number; F: number | null; p: number | null; error_sum_sq?: number; error_df?: number; sphericity?: TermSphericity | null }[];
  residual: { sum_sq: number; df: number } | null;
  /** Participants used (with a defined ratio; within-subjects: in every condition). */
  n: number;
  /** Within-subjects: participants left out for missing a condition. */
  participants_incomplete?: number;
}

/** Within-subjects block order: the orders participants did the conditions in, and the metrics by position. */
export interface BlockOrderResult {
  orders: { order: string[]; participants: number }[];
  by_position: {
    position: number;
    condition: string;
    participants: number;
    metrics: Record<string, { k: number; n: number; value: number | null; participant_mean: number | null } | null>;
  }[];
}

/** What was declared and how the numbers were computed (additive to METRICS.md section 6). */
export interface DesignSummary {
  type: 'between' | 'within';
  /** How the type was decided: the experiment file, --design, or inferred from the data. */
  source: 'experiment' | 'option' | 'inferred';
  factors: { name: string; levels: string[] }[];
  /** Each condition's level of each factor (factorial designs). */
  condition_levels: Record<string, Record<string, string>>;
  /** Within-subjects: participants with trials in every condition, and in only some. */
  participants_complete?: number;
  participants_incomplete?: number;
}

export interface HolmFamily {
  metric: string;
  test: 'welch' | 'paired_t';
  comparisons: string[];
  primary: boolean;
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
  /** Where the items come from (experiments/scales/). */
  source?: string;
  /** Per language, whether the text is the authors' validated wording or a translation that is not (the mark). */
  wording?: Record<'fr' | 'en', { status: 'authors' | 'validated_translation' | 'translation' | 'custom'; note: string }>;
  items: string[];
  reversed: string[];
  conditions: ScaleConditionSummary[];
  comparisons: ScaleComparison[];
  correlations: ScaleCorrelation[];
}

/** The `self_competence` estimate against the participant's actual accuracy, per condition (shares in [0, 1]). */
export interface SelfAssessmentResult {
  /** The accuracy compared with: the unaided initial decisions (two-stage), else the final decisions. */
  actual: 'accuracy_initial' | 'accuracy_final';
  conditions: {
    condition: string;
    n: number;
    estimate: number | null;
    actual: number | null;
    /** Mean of estimate - actual: above 0, over-estimation. */
    difference: number | null;
    sd: number | null;
    overestimated: number;
    underestimated: number;
    within: number;
  }[];
}

/** One generic question of a questionnaire page, by condition (docs/QUESTIONNAIRES.md). */
export interface QuestionResult {
  /** The page id (the `scale` column). */
  page: string;
  /** The question id (the `item` column). */
  question: string;
  type: 'single_choice' | 'multiple_choice' | 'number' | 'text';
  conditions: QuestionConditionSummary[];
}

export interface QuestionConditionSummary {
  condition: string;
  /** Participants who answered (for a multiple choice, including "none of the options"). */
  answered: number;
  /** Choices: every option chosen at least once, with count and count / answered. */
  options?: { value: string; count: number; proportion: number | null }[];
  /** Numbers: mean, SD (n - 1), median (linear interpolation), min, max. */
  mean?: number | null;
  sd?: number | null;
  median?: number | null;
  min?: number | null;
  max?: number | null;
}

export interface ExclusionSummary {
  trials: number;
  participants_fully_excluded: number;
  by_reason: { condition: string; reason: string; trials: number }[];
}

/** The comprehension check of one condition (from the store; absent for a CSV input). */
export interface ComprehensionCounts {
  condition: string;
  /** Participants who answered it at least once. */
  took: number;
  passed_first_try: number;
  passed_after_retry: number;
  screened_out: number;
  wrong_attempts: number;
}

/** One fixed effect of a mixed model, named as R names it (`(Intercept)`, `conditionconfidence`, `a1:b2`). */
export interface MixedModelTerm {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
}

/**
 * A binomial mixed model of one metric's trials, `<metric> ~ condition + (1 | participant_id) + (1 | case_id)`,
 * equal to lme4::glmer (analysis/models/reliance-models.ts). Not fitted: `fixed` empty, `random` and `loglik` null,
 * the reason in `notes`.
 */
export interface MixedModelResult {
  formula: string;
  /** Trials used. */
  n: number;
  participants: number;
  cases: number;
  fixed: MixedModelTerm[];
  /** Random-intercept standard deviations. */
  random: { participant_id: number; case_id: number } | null;
  loglik: number | null;
  singular: boolean;
  converged: boolean;
  /** Conditions with no trial in this model's subset, left out of it. */
  conditions_without_trials: string[];
  /** Columns dropped for rank deficiency (as lme4 drops them). */
  dropped_terms: string[];
  /** Plain-language notes: singular fit, no convergence, left-out conditions or covariates, why not fitted. */
  notes: string[];
}

export interface AnalysisResult {
  experiment: string;
  control: string;
  task: TaskType;
  tolerance: number;
  bootstrap: { resamples: number; seed: number; skipped: { condition: string; metric: string; resamples: number }[] };
  exclusions: ExclusionSummary;
  design?: DesignSummary;
  /** How a participant whose denominator is 0 counts in the participant-level statistics. */
  undefined_ratios?: 'left_out' | 'zero';
  /** The declared primary outcome (a metric key), or null. */
  primary?: string | null;
  /** The Holm families: one per metric, the comparisons with the control adjusted together. */
  holm_families?: HolmFamily[];
  /** `--where` filters applied, and the rows they left out. */
  filters?: { where: string[]; rows_left_out: number };
  conditions: ConditionResult[];
  comparisons: Comparison[];
  omnibus: Omnibus[];
  factorial?: FactorialResult[];
  block_order?: BlockOrderResult | null;
  /** Mixed models by metric (agreement, overreliance; rair, rsr in two-stage data); absent with --no-models. */
  models?: Partial<Record<'agreement' | 'overreliance' | 'rair' | 'rsr', MixedModelResult>>;
  scales: ScaleResult[];
  /** Self-assessed competence against actual accuracy (analysis/scales/self-assessment.ts), when it was asked. */
  self_assessment?: SelfAssessmentResult;
  /** The generic questions (single/multiple choice, number, text) by condition (analysis/questions/). */
  questions?: QuestionResult[];
  /** Only from the store, when the experiment has a comprehension check. */
  comprehension?: ComprehensionCounts[];
  /** Descriptive views of the trials (analysis/descriptives/). */
  descriptives: Descriptives;
  /** Decision-power outcomes, for data with decision-power conditions only (analysis/metrics/decision-power.ts). */
  decision_power?: DecisionPowerResult;
}
