import { UserError } from '../experiments/user-error.ts';
import type { TrialRow } from './input/trial-row.ts';
import type { ResponseRow } from './input/responses-csv.ts';
import { TrialTally } from './metrics/trial-tally.ts';
import type { TaskType } from './metrics/task-type.ts';
import { RELIANCE_METRICS } from './metrics/reliance-metrics.ts';
import { participantCounts, definedRatios, sum, type ParticipantCounts } from './metrics/participant-ratios.ts';
import { summariseCondition } from './metrics/condition-summary.ts';
import { bootstrapCondition, type BootstrapProgress } from './metrics/condition-bootstrap.ts';
import { compareToControl, omnibusTests } from './compare.ts';
import { collectScaleAnswers, BUNDLED_SCALE_DEFINITIONS } from './scales/scale-answers.ts';
import type { ScaleDefinition } from '../experiments/scales/index.ts';
import { summariseScales } from './scales/scale-summary.ts';
import type { AnalysisResult, Comparison, ConditionResult, Omnibus } from './result.ts';
import { TrialColumnsBuilder } from './descriptives/trial-columns.ts';
import { describeTrials } from './descriptives/descriptives.ts';

export interface AnalyzeOptions {
  /** Experiment id or input file name, echoed in the result. */
  experiment: string;
  /** Control condition; default `none` when present, else the first condition. */
  control?: string;
  task?: TaskType;
  tolerance?: number;
  /** Bootstrap resamples (default 2000; 0 turns the bootstrap intervals off). */
  resamples?: number;
  seed?: number;
  /** Scale definitions by id (the bundled scales by default; the experiment file adds its custom ones). */
  scales?: ReadonlyMap<string, ScaleDefinition>;
  /** Conditions in the order to report them (from the experiment file); default order of first appearance. */
  conditionOrder?: readonly string[];
  onProgress?: BootstrapProgress;
}

/**
 * The whole analysis, pure: trials (and questionnaire answers) in, the result object of METRICS.md section 6 out.
 * Trials (single rows or batches of rows) are reduced as they stream in; only per-participant counters are kept.
 */
export async function analyze(
  trials: AsyncIterable<TrialRow | readonly TrialRow[]> | Iterable<TrialRow | readonly TrialRow[]>,
  responses: AsyncIterable<ResponseRow> | null,
  options: AnalyzeOptions,
): Promise<AnalysisResult> {
  const tally = new TrialTally({ task: options.task, tolerance: options.tolerance });
  const columns = new TrialColumnsBuilder({ task: options.task, tolerance: options.tolerance });
  for await (const item of trials) {
    for (const row of isBatch(item) ? item : [item]) {
      tally.add(row);
      columns.add(row);
    }
  }
  const reduced = tally.finish();
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 1;

  const order = options.conditionOrder;
  const conditions = order
    ? [...reduced.conditions].sort((a, b) => rank(order, a.condition) - rank(order, b.condition))
    : reduced.conditions;
  const names = conditions.map((c) => c.condition);
  const control = chooseControl(names, options.control);

  const counts = new Map<string, ParticipantCounts[]>();
  const skipped: AnalysisResult['bootstrap']['skipped'] = [];
  const conditionResults: ConditionResult[] = conditions.map((c, index) => {
    const perMetric = participantCounts(c.participants.map((p) => p.outcomes));
    counts.set(c.condition, perMetric);
    const bootstrap = bootstrapCondition(perMetric, resamples, seed + index, (done, total) =>
      options.onProgress?.(index * total + done, conditions.length * total),
    );
    bootstrap.skipped.forEach((count, m) => {
      // Only metrics with data can have resamples worth reporting as skipped (n = 0 in a resample of participants).
      const applies = !(RELIANCE_METRICS[m].needsInitial && !reduced.twoStage) && sum(perMetric[m].n) > 0;
      if (count > 0 && applies) skipped.push({ condition: c.condition, metric: RELIANCE_METRICS[m].key, resamples: count });
    });
    const woaMeans = c.woa === null ? null : Float64Array.from(c.participants.filter((p) => p.woaCount > 0).map((p) => p.woaSum / p.woaCount));
    return summariseCondition({
      condition: c.condition,
      counts: perMetric,
      woa: c.woa,
      woaParticipantMeans: woaMeans,
      twoStage: reduced.twoStage,
      bootstrap,
    });
  });

  const comparisons: Comparison[] = [];
  const omnibus: Omnibus[] = [];
  const byName = new Map(conditionResults.map((c) => [c.condition, c]));
  RELIANCE_METRICS.forEach((definition, m) => {
    if (byName.get(control)!.metrics[definition.key] === null) return;
    const sample = (condition: string) => ({
      condition,
      pooled: byName.get(condition)!.metrics[definition.key]!,
      participantRatios: definedRatios(counts.get(condition)![m]),
    });
    comparisons.push(
      ...compareToControl(definition.key, sample(control), names.filter((n) => n !== control).map(sample)),
    );
    if (names.length > 2) omnibus.push(omnibusTests(definition.key, names.map((n) => sample(n).participantRatios)));
  });

  let scales: AnalysisResult['scales'] = [];
  if (responses !== null) {
    const answers = await collectScaleAnswers(responses, options.scales ?? BUNDLED_SCALE_DEFINITIONS);
    scales = summariseScales(answers, reduced.conditionOf, names, control, participantRatioLookup(conditions, counts));
  }

  return {
    experiment: options.experiment,
    control,
    task: reduced.task,
    tolerance: reduced.tolerance,
    bootstrap: { resamples, seed, skipped },
    exclusions: {
      trials: reduced.excludedTrials,
      participants_fully_excluded: reduced.participantsFullyExcluded,
      by_reason: reduced.exclusions,
    },
    conditions: conditionResults,
    comparisons,
    omnibus,
    scales,
    descriptives: describeTrials(columns.finish(reduced.task), [control, ...names.filter((n) => n !== control)]),
  };
}

const isBatch = (item: TrialRow | readonly TrialRow[]): item is readonly TrialRow[] => Array.isArray(item);

function rank(order: readonly string[], condition: string): number {
  const i = order.indexOf(condition);
  return i === -1 ? order.length : i;
}

function chooseControl(names: readonly string[], requested: string | undefined): string {
  if (requested !== undefined) {
    if (!names.includes(requested)) {
      throw new UserError(`Unknown control condition "${requested}" (--control):`, [
        `the data has the conditions ${names.map((n) => `"${n}"`).join(', ')}`,
      ]);
    }
    return requested;
  }
  return names.includes('none') ? 'none' : names[0];
}

/** metric -> participant id -> own ratio, for the correlations of questionnaire scores with reliance. */
function participantRatioLookup(
  conditions: readonly { condition: string; participants: readonly { id: string }[] }[],
  counts: ReadonlyMap<string, ParticipantCounts[]>,
): Map<string, Map<string, number>> {
  const lookup = new Map<string, Map<string, number>>();
  RELIANCE_METRICS.forEach((definition, m) => {
    const byParticipant = new Map<string, number>();
    for (const c of conditions) {
      const { k, n } = counts.get(c.condition)![m];
      c.participants.forEach((p, i) => {
        if (n[i] > 0) byParticipant.set(p.id, k[i] / n[i]);
      });
    }
    lookup.set(definition.key, byParticipant);
  });
  return lookup;
}
