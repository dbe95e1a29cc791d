import { wilsonInterval } from '../stats/wilson.ts';
import { mean } from '../stats/mean-sd.ts';
import type { ConditionResult, ConditionMetrics, RatioMetric, WoaMetric, Interval } from '../result.ts';
import { RELIANCE_METRICS, type RelianceMetricKey } from './reliance-metrics.ts';
import { definedRatios, sum, type ParticipantCounts } from './participant-ratios.ts';
import type { WoaTotals } from './weight-of-advice.ts';

/** Percentile intervals of the pooled ratio of each metric, from one set of participant resamples. */
export interface ConditionBootstrap {
  intervals: (Interval | null)[];
  /** Resamples skipped per metric because their n was 0. */
  skipped: number[];
  /** Per metric, the pooled ratio in each resample (NaN when undefined); null when the bootstrap is off. */
  resampled: (Float64Array | null)[];
}

export interface ConditionInput {
  condition: string;
  counts: ParticipantCounts[];
  woa: WoaTotals | null;
  woaParticipantMeans: Float64Array | null;
  twoStage: boolean;
  bootstrap: ConditionBootstrap;
  /** --undefined-as-zero: participants with an empty denominator count as 0 in participant_mean. */
  undefinedAsZero?: boolean;
  /** The AI's accuracy is a design constant here: no sampling interval for accuracy_ai. */
  aiAccuracyFixed?: boolean;
}

/** One condition's entry of METRICS.md section 6: every ratio pooled and per participant, and the derived flags. */
export function summariseCondition(input: ConditionInput): ConditionResult {
  const metrics = {} as ConditionMetrics;
  RELIANCE_METRICS.forEach((definition, m) => {
    metrics[definition.key] =
      definition.needsInitial && !input.twoStage
        ? null
        : ratioMetric(input.counts[m], input.bootstrap.intervals[m], input.undefinedAsZero ?? false);
  });
  const ai = metrics.accuracy_ai;
  if (input.aiAccuracyFixed && ai !== null) metrics.accuracy_ai = { ...ai, wilson: null, bootstrap: null, fixed_by_design: true };
  // Weight of advice applies to numeric two-stage tasks only; elsewhere it is null like any metric that does not apply.
  metrics.woa = input.woa === null ? null : woaMetric(input.woa, input.woaParticipantMeans);
  const participants = input.counts[0].n.length;
  const value = (key: RelianceMetricKey): number | null => metrics[key]?.value ?? null;
  const finalAccuracy = value('accuracy_final');
  const references = [value('accuracy_initial'), value('accuracy_ai')].filter((v): v is number => v !== null);
  const under = value('underreliance');
  const over = value('overreliance');
  const agreementIndex = RELIANCE_METRICS.findIndex((d) => d.key === 'agreement');
  return {
    condition: input.condition,
    participants,
    trials: sum(input.counts[RELIANCE_METRICS.findIndex((d) => d.key === 'accuracy_final')].n),
    metrics,
    // Bansal et al. 2021: the team beats both the human alone and the AI alone.
    complementarity: finalAccuracy === null || references.length === 0 ? null : finalAccuracy > Math.max(...references),
    // P(follow | AI right) - P(follow | AI wrong) = (1 - underreliance) - overreliance.
    reliance_discrimination: under === null || over === null ? null : 1 - under - over,
    agreement_distribution: Array.from(definedRatios(input.counts[agreementIndex])).sort((a, b) => a - b),
  };
}

function ratioMetric(counts: ParticipantCounts, bootstrap: Interval | null, undefinedAsZero: boolean): RatioMetric {
  const k = sum(counts.k);
  const n = sum(counts.n);
  const defined = definedRatios(counts).length;
  return {
    k,
    n,
    value: n === 0 ? null : k / n,
    wilson: wilsonInterval(k, n),
    bootstrap: n === 0 ? null : bootstrap,
    participant_mean: n === 0 ? null : mean(definedRatios(counts, undefinedAsZero)),
    participants_defined: defined,
    participants_undefined: counts.n.length - defined,
  };
}

/**
 * True when every participant of the condition has the same AI accuracy k/n (and there are at least two): the plan
 * fixed how often the AI errs (e.g. a simulated advisor with `errors: 2` per block), so its accuracy is not sampled.
 */
export function aiAccuracyConstant(counts: ParticipantCounts): boolean {
  const { k, n } = counts;
  if (n.length < 2) return false;
  for (let i = 1; i < n.length; i++) if (k[i] !== k[0] || n[i] !== n[0]) return false;
  return true;
}

function woaMetric(totals: WoaTotals, participantMeans: Float64Array | null): WoaMetric {
  const used = totals.used;
  return {
    mean: used === 0 ? null : totals.sumClamped / used,
    raw_mean: used === 0 ? null : totals.sumRaw / used,
    n: used,
    excluded: totals.excluded,
    share_0: used === 0 ? null : totals.atZero / used,
    share_1: used === 0 ? null : totals.atOne / used,
    participant_mean: participantMeans === null ? null : mean(participantMeans),
    histogram: Array.from(totals.histogram),
  };
}
