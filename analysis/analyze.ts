import { UserError } from '../experiments/user-error.ts';
import type { TrialRow } from './input/trial-row.ts';
import { trialBatches, type TrialBatch } from './input/trial-batch.ts';
import type { ModelCovariate } from './models/reliance-models.ts';
import type { ResponseRow } from './input/responses-csv.ts';
import { TrialTally, type TrialTallyResult } from './metrics/trial-tally.ts';
import type { TaskType } from './metrics/task-type.ts';
import { RELIANCE_METRICS, RELIANCE_METRIC_KEYS, type RelianceMetricKey } from './metrics/reliance-metrics.ts';
import { participantCounts, definedRatios, ratioIndices, sum, type ParticipantCounts } from './metrics/participant-ratios.ts';
import { summariseCondition, aiAccuracyConstant, type ConditionBootstrap } from './metrics/condition-summary.ts';
import { bootstrapCondition, bootstrapParticipants, type BootstrapProgress } from './metrics/condition-bootstrap.ts';
import { blockOrder } from './metrics/block-order.ts';
import { factorialEffects, repeatedMeasuresEffects } from './metrics/factorial-effects.ts';
import { compareToControl, omnibusTests, type MetricSample } from './compare.ts';
import type { ScaleDefinition } from '../experiments/scales/index.ts';
import type { AnalysisResult, Comparison, ConditionResult, DesignSummary, FactorialResult, Omnibus } from './result.ts';
import { TrialColumnsBuilder } from './descriptives/trial-columns.ts';
import { describeTrials } from './descriptives/descriptives.ts';
import { ProbeColumnsBuilder } from './descriptives/probe-columns.ts';
import { AdviceRequestsBuilder, type AdviceRequestSummary } from './descriptives/advice-requests.ts';
import type { Descriptives } from './descriptives/descriptives.ts';
import { DecisionPowerTally } from './metrics/decision-power.ts';

export type DesignType = 'between' | 'within';

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
  /** Fit the mixed models of each metric (default true; --no-models turns them off). */
  models?: boolean;
  /** Called with the number of trials just before the mixed models are fitted (the longest step on large data). */
  onModels?: (trials: number) => void;
  /** Covariates added to every mixed model (--model-covariates). */
  modelCovariates?: readonly ModelCovariate[];
  /** Declared design (experiment file or --design); inferred from the data when undefined. */
  design?: DesignType;
  designSource?: 'experiment' | 'option';
  /** Factor names (experiment file or --factors): conditions are crossings of their levels. */
  factors?: readonly string[];
  /** Each condition's levels, when the experiment file lists them (otherwise from the data). */
  conditionLevels?: ReadonlyMap<string, readonly string[]>;
  /** --undefined-as-zero: a participant whose denominator is 0 counts as 0 rather than being left out. */
  undefinedAsZero?: boolean;
  /** --equivalence-margin: TOST of every comparison within +-margin. */
  equivalenceMargin?: number;
  /** --primary (or the experiment file): the primary outcome, a metric key. */
  primary?: string;
  /** The plan fixes the AI's accuracy (simulated advisor with a set number of errors). */
  aiAccuracyFixed?: boolean;
  /** --where filters, echoed in the result with the rows they left out. */
  where?: { specs: readonly string[]; rowsLeftOut: () => number };
}

/**
 * The whole analysis, pure: trials (and questionnaire answers) in, the result object of METRICS.md section 6 out.
 * Trials (single rows, arrays of rows or batches of columns) are reduced as they stream in; only per-participant
 * counters and the analysed trials as columns are kept.
 * Between-subjects designs compare independent groups; within-subjects designs (a participant in several conditions)
 * pair each participant's conditions; factorial designs add the main effects and interactions of their factors.
 */
export async function analyze(
  trials: AsyncIterable<TrialRow | readonly TrialRow[] | TrialBatch> | Iterable<TrialRow | readonly TrialRow[] | TrialBatch>,
  responses: AsyncIterable<ResponseRow> | null,
  options: AnalyzeOptions,
): Promise<AnalysisResult> {
  const primary = checkPrimary(options.primary);
  const tally = new TrialTally({
    task: options.task,
    tolerance: options.tolerance,
    design: options.design,
    factors: options.factors,
    conditionLevels: options.conditionLevels,
  });
  const columns = new TrialColumnsBuilder({ task: options.task, tolerance: options.tolerance });
  const probes = new ProbeColumnsBuilder();
  const requests = new AdviceRequestsBuilder();
  const decisionPower = new DecisionPowerTally();
  for await (const batch of trialBatches(trials)) {
    tally.addBatch(batch);
    columns.addBatch(batch);
    probes.addBatch(batch);
    // Only rows carry the manipulations' cells (a CSV read straight into columns has none).
    for (const row of batch.rows ?? []) {
      requests.add(row);
      decisionPower.add(row);
    }
  }
  const reduced = tally.finish();
  const trialColumns = columns.finish(reduced.task);
  const design = resolveDesign(options, reduced);
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 1;
  const undefinedAsZero = options.undefinedAsZero ?? false;

  const ordered = orderConditions(reduced.conditions, options.conditionOrder);
  const control = chooseControl(
    ordered.map((c) => c.condition),
    options.control,
  );
  // The control first in every output, then the experiment file's order (or the order of first appearance).
  const conditions = [...ordered.filter((c) => c.condition === control), ...ordered.filter((c) => c.condition !== control)];
  const names = conditions.map((c) => c.condition);

  const counts = conditions.map((c) => participantCounts(c.participants.map((p) => p.outcomes)));
  const idsOf = conditions.map((c) => c.participants.map((p) => p.id));
  const everyone = [...new Set(idsOf.flat())];
  const progress = (index: number, count: number) => (done: number, total: number) =>
    options.onProgress?.(index * total + done, count * total);
  const bootstraps: ConditionBootstrap[] =
    design === 'within'
      ? bootstrapParticipants(counts, idsOf, everyone, resamples, seed, progress(0, 1))
      : counts.map((c, index) => bootstrapCondition(c, resamples, seed + index, progress(index, counts.length)));

  const skipped: AnalysisResult['bootstrap']['skipped'] = [];
  const aiIndex = RELIANCE_METRIC_KEYS.indexOf('accuracy_ai');
  const conditionResults: ConditionResult[] = conditions.map((c, index) => {
    const perMetric = counts[index];
    bootstraps[index].skipped.forEach((count, m) => {
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
      bootstrap: bootstraps[index],
      undefinedAsZero,
      aiAccuracyFixed: options.aiAccuracyFixed === true || aiAccuracyConstant(perMetric[aiIndex]),
    });
  });

  const comparisons: Comparison[] = [];
  const omnibus: Omnibus[] = [];
  const factorial: FactorialResult[] = [];
  const factors = options.factors ?? [];
  RELIANCE_METRICS.forEach((definition, m) => {
    if (conditionResults[0].metrics[definition.key] === null) return;
    const samples: MetricSample[] = conditions.map((c, index) => {
      const included = ratioIndices(counts[index][m], undefinedAsZero);
      return {
        condition: c.condition,
        pooled: conditionResults[index].metrics[definition.key]!,
        participantRatios: definedRatios(counts[index][m], undefinedAsZero),
        participantIds: included.map((i) => idsOf[index][i]),
        resampled: bootstraps[index].resampled[m],
      };
    });
    comparisons.push(
      ...compareToControl(definition.key, samples[0], samples.slice(1), { design, equivalenceMargin: options.equivalenceMargin }),
    );
    if (names.length > 2) omnibus.push(omnibusTests(definition.key, samples, design));
    if (factors.length >= 2) {
      const cells = samples.map((s) => ({ levels: reduced.levels.get(s.condition)!, ratios: s.participantRatios, participantIds: s.participantIds }));
      const effects =
        design === 'between' ? factorialEffects(definition.key, factors, cells) : repeatedMeasuresEffects(definition.key, factors, cells);
      if (effects !== null) factorial.push(effects);
    }
  });

  let scales: AnalysisResult['scales'] = [];
  let questions: AnalysisResult['questions'];
  let selfAssessment: AnalysisResult['self_assessment'] | null = null;
  if (responses !== null) {
    // Loaded only for questionnaire answers (the scale definitions of the experiment files come with them).
    const [{ collectScaleAnswers, BUNDLED_SCALE_DEFINITIONS }, { summariseScales }, { summariseQuestions }, { scaleRowsOnly }, { selfAssessmentCalibration }] =
      await Promise.all([
        import('./scales/scale-answers.ts'),
        import('./scales/scale-summary.ts'),
        import('./questions/question-summary.ts'),
        import('./questions/split-rows.ts'),
        import('./scales/self-assessment.ts'),
      ]);
    const questionRows: ResponseRow[] = [];
    const answers = await collectScaleAnswers(scaleRowsOnly(responses, questionRows), options.scales ?? BUNDLED_SCALE_DEFINITIONS);
    // Within-subjects, a questionnaire describes the participant, not one condition: one group, no comparison.
    const scaleGroups = design === 'within' ? new Map([...reduced.conditionOf.keys()].map((id) => [id, 'all'])) : reduced.conditionOf;
    const ratios = participantRatioLookup(conditions, counts);
    scales = summariseScales(answers, scaleGroups, design === 'within' ? ['all'] : names, design === 'within' ? 'all' : control, ratios);
    selfAssessment = selfAssessmentCalibration(answers, scaleGroups, design === 'within' ? ['all'] : names, ratios);
    if (questionRows.length > 0) questions = summariseQuestions(questionRows, scaleGroups, design === 'within' ? ['all'] : names);
  }

  const fitModels = async () => {
    // Loaded only when the models are fitted (--no-models skips them).
    const { fitRelianceModels } = await import('./models/reliance-models.ts');
    options.onModels?.(trialColumns.length);
    return fitRelianceModels(trialColumns, {
      control,
      conditions: names,
      twoStage: reduced.twoStage,
      factors,
      levels: reduced.levels,
      covariates: options.modelCovariates ?? [],
    });
  };
  const models = options.models === false ? undefined : await fitModels();
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
    design: designSummary(design, options, reduced, conditions),
    undefined_ratios: undefinedAsZero ? 'zero' : 'left_out',
    primary,
    holm_families: holmFamilies(comparisons, design, primary),
    ...(options.where ? { filters: { where: [...options.where.specs], rows_left_out: options.where.rowsLeftOut() } } : {}),
    conditions: conditionResults,
    comparisons,
    omnibus,
    factorial,
    block_order: design === 'within' ? blockOrder(conditions, reduced.twoStage, undefinedAsZero) : null,
    ...(models === undefined ? {} : { models }),
    scales,
    ...(selfAssessment ? { self_assessment: selfAssessment } : {}),
    ...(questions ? { questions } : {}),
    descriptives: withAdviceRequests(
      describeTrials(trialColumns, names, undefinedAsZero, probes.finish(trialColumns)),
      requests.finish(reduced.task, reduced.tolerance, names),
    ),
    ...withDecisionPower(decisionPower.finish(names, factors, reduced.levels)),
  };
}

/** The advice-on-request view joins the descriptives only for data that has on-request trials. */
function withAdviceRequests(descriptives: Descriptives, requests: AdviceRequestSummary[] | null): Descriptives {
  return requests === null ? descriptives : { ...descriptives, advice_requests: requests };
}

/** `decision_power` only for data with decision-power conditions (docs/ANALYSIS.md, decision power). */
const withDecisionPower = (result: AnalysisResult['decision_power'] | null) => (result ? { decision_power: result } : {});

/** The declared design, checked against the data; else within when a participant appears in several conditions. */
function resolveDesign(options: AnalyzeOptions, reduced: TrialTallyResult): DesignType {
  if (options.design === 'within' && !reduced.repeated && reduced.conditions.length > 1) {
    throw new UserError(`The data of ${options.experiment} contradicts the within-subjects design:`, [
      'column "condition": no participant has trials in more than one condition (use --design between, or check the participant_id column)',
    ]);
  }
  return options.design ?? (reduced.repeated ? 'within' : 'between');
}

function orderConditions<T extends { condition: string }>(conditions: readonly T[], order: readonly string[] | undefined): T[] {
  if (!order) return [...conditions];
  const rank = (c: string) => (order.indexOf(c) === -1 ? order.length : order.indexOf(c));
  return [...conditions].sort((a, b) => rank(a.condition) - rank(b.condition));
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

function checkPrimary(primary: string | undefined): RelianceMetricKey | null {
  if (primary === undefined) return null;
  if ((RELIANCE_METRIC_KEYS as readonly string[]).includes(primary)) return primary as RelianceMetricKey;
  throw new UserError(`Unknown primary outcome "${primary}" (--primary):`, [`expected one of ${RELIANCE_METRIC_KEYS.join(', ')}`]);
}

function designSummary(
  type: DesignType,
  options: AnalyzeOptions,
  reduced: TrialTallyResult,
  conditions: readonly { condition: string; participants: readonly { id: string }[] }[],
): DesignSummary {
  const factors = options.factors ?? [];
  const condition_levels: DesignSummary['condition_levels'] = {};
  for (const c of conditions) {
    const levels = reduced.levels.get(c.condition);
    if (levels) condition_levels[c.condition] = Object.fromEntries(factors.map((f, i) => [f, levels[i]]));
  }
  const summary: DesignSummary = {
    type,
    source: options.design === undefined ? 'inferred' : (options.designSource ?? 'option'),
    factors: factors.map((name, i) => ({
      name,
      levels: [...new Set(conditions.map((c) => reduced.levels.get(c.condition)?.[i]).filter((l): l is string => l !== undefined))],
    })),
    condition_levels,
  };
  if (type === 'within') {
    const seen = new Map<string, number>();
    for (const c of conditions) for (const p of c.participants) seen.set(p.id, (seen.get(p.id) ?? 0) + 1);
    const complete = [...seen.values()].filter((n) => n === conditions.length).length;
    summary.participants_complete = complete;
    summary.participants_incomplete = seen.size - complete;
  }
  return summary;
}

/** One Holm family per metric: its comparisons with the control, adjusted together on the named test's p. */
function holmFamilies(comparisons: readonly Comparison[], design: DesignType, primary: string | null): AnalysisResult['holm_families'] {
  const byMetric = new Map<string, string[]>();
  for (const c of comparisons) byMetric.set(c.metric, [...(byMetric.get(c.metric) ?? []), `${c.condition} vs ${c.control}`]);
  return [...byMetric].map(([metric, list]) => ({
    metric,
    test: design === 'within' ? ('paired_t' as const) : ('welch' as const),
    comparisons: list,
    primary: metric === primary,
  }));
}

/**
 * metric -> participant id -> own ratio, for the correlations of questionnaire scores with reliance. A
 * within-subjects participant's ratio pools their trials of every condition.
 */
function participantRatioLookup(
  conditions: readonly { condition: string; participants: readonly { id: string }[] }[],
  counts: readonly ParticipantCounts[][],
): Map<string, Map<string, number>> {
  const lookup = new Map<string, Map<string, number>>();
  RELIANCE_METRICS.forEach((definition, m) => {
    const totals = new Map<string, { k: number; n: number }>();
    conditions.forEach((c, index) => {
      const { k, n } = counts[index][m];
      c.participants.forEach((p, i) => {
        const t = totals.get(p.id) ?? { k: 0, n: 0 };
        t.k += k[i];
        t.n += n[i];
        totals.set(p.id, t);
      });
    });
    const byParticipant = new Map<string, number>();
    for (const [id, t] of totals) if (t.n > 0) byParticipant.set(id, t.k / t.n);
    lookup.set(definition.key, byParticipant);
  });
  return lookup;
}
