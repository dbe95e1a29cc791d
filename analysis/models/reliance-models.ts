import { RELIANCE_METRICS, type RelianceMetricKey } from '../metrics/reliance-metrics.ts';
import type { MixedModelResult } from '../result.ts';
import { buildDesignMatrix, fitGlmer, fixedEffectsFormula, type CovariateTerm, type FactorTerm } from '../stats/glmm/index.ts';
import type { TrialColumns } from '../descriptives/trial-columns.ts';
import { mean, standardDeviation } from '../stats/mean-sd.ts';

/**
 * The mixed models that human-AI reliance papers report, one per metric: the metric's 0/1 outcome on each trial of
 * its denominator, explained by the condition (or the factors and their interaction in a factorial study), with
 * random intercepts for participants and cases:
 *   <metric> ~ condition + (1 | participant_id) + (1 | case_id),   binomial, logit, Laplace   (analysis/stats/glmm)
 * = lme4::glmer(..., family = binomial, control = glmerControl(optimizer = "bobyqa")). Treatment contrasts against
 * the control condition (its levels are the reference levels of the factors). The trials and outcome of each model:
 * agreement (all trials; followed the advice), overreliance (AI wrong; followed), rair (initially wrong, AI right;
 * switched to the advice) and rsr (initially right, AI wrong; kept the initial answer), the last two in two-stage data.
 * A condition without trial in a model's subset is left out of that model and named; so is a column lme4 would drop.
 */
export const MODEL_METRICS = ['agreement', 'overreliance', 'rair', 'rsr'] as const satisfies readonly RelianceMetricKey[];
export type ModelMetric = (typeof MODEL_METRICS)[number];

export type ModelCovariate = 'position' | 'confidence';

export interface ModelDesign {
  control: string;
  /** Conditions in report order, the control first. */
  conditions: readonly string[];
  twoStage: boolean;
  /** Factor names when the conditions cross two or more factors; else empty. */
  factors: readonly string[];
  /** Each condition's level of each factor (factorial designs). */
  levels: ReadonlyMap<string, readonly string[]>;
  covariates: readonly ModelCovariate[];
}

// Named as in the R script of --r-script (analysis/report/r-script.ts), which standardises trial_index the same way.
const COVARIATE_NAMES: Record<ModelCovariate, string> = { position: 'trial_z', confidence: 'ai_confidence' };

export function fitRelianceModels(trials: TrialColumns, design: ModelDesign): Partial<Record<ModelMetric, MixedModelResult>> {
  const models: Partial<Record<ModelMetric, MixedModelResult>> = {};
  for (const metric of MODEL_METRICS) {
    const definition = RELIANCE_METRICS.find((d) => d.key === metric)!;
    if (definition.needsInitial && !design.twoStage) continue;
    const rows: number[] = [];
    for (let i = 0; i < trials.length; i++) if (definition.inDenominator(trials.code[i])) rows.push(i);
    const y = Uint8Array.from(rows, (i) => (definition.inNumerator(trials.code[i]) ? 1 : 0));
    models[metric] = fitOne(metric, trials, Int32Array.from(rows), y, design);
  }
  return models;
}

function fitOne(metric: ModelMetric, trials: TrialColumns, rows: Int32Array, y: Uint8Array, design: ModelDesign): MixedModelResult {
  const n = rows.length;
  const present = new Set<string>();
  for (const i of rows) present.add(trials.conditions[trials.condition[i]]);
  const conditions = design.conditions.filter((c) => present.has(c));
  const conditionsWithout = design.conditions.filter((c) => !present.has(c));
  const conditionOf = Int32Array.from(rows, (i) => conditions.indexOf(trials.conditions[trials.condition[i]]));
  const factors = fixedFactors(design, conditions, conditionOf);
  const notes: string[] = [];
  const covariates = design.covariates.flatMap((c) => covariateTerm(c, trials, rows, notes));
  const spec = { factors, interaction: design.factors.length >= 2, covariates };
  const formula = `${metric} ~ ${fixedEffectsFormula(spec)} + (1 | participant_id) + (1 | case_id)`;
  if (conditionsWithout.length > 0)
    notes.push(`no trial in ${conditionsWithout.map((c) => `"${c}"`).join(', ')} for this model: left out of it`);
  notes.push(...separationNotes(conditions, conditionOf, y));
  const participant = recode(rows, trials.participant);
  const cases = recode(rows, trials.caseIndex);
  const ones = y.reduce((s, v) => s + v, 0);
  const reason =
    n === 0
      ? 'no trial in this subset'
      : !present.has(design.control)
        ? `the control condition "${design.control}" has no trial in this subset`
        : participant.count < 2 || cases.count < 2
          ? `needs at least 2 participants and 2 cases (has ${participant.count} and ${cases.count})`
          : ones === 0 || ones === n
            ? `every trial has the same outcome (${ones === 0 ? 0 : 1})`
            : null;
  const base = { formula, n, participants: participant.count, cases: cases.count, conditions_without_trials: conditionsWithout };
  if (reason !== null) return notFitted(base, notes, reason);
  const fixed = buildDesignMatrix(spec, n);
  try {
    const fit = fitGlmer({ y, fixed, participant: participant.codes, case: cases.codes, nParticipants: participant.count, nCases: cases.count });
    if (fixed.dropped.length > 0) notes.push(`column${fixed.dropped.length > 1 ? 's' : ''} ${fixed.dropped.join(', ')} dropped: no information in the data (lme4 drops ${fixed.dropped.length > 1 ? 'them' : 'it'} too)`);
    return {
      ...base,
      fixed: fit.fixed,
      random: fit.random,
      loglik: fit.loglik,
      singular: fit.singular,
      converged: fit.converged,
      dropped_terms: fixed.dropped,
      notes: [...notes, ...fit.messages],
    };
  } catch (error) {
    return notFitted(base, notes, `the fit failed: ${(error as Error).message}`);
  }
}

function notFitted(
  base: Pick<MixedModelResult, 'formula' | 'n' | 'participants' | 'cases' | 'conditions_without_trials'>,
  notes: string[],
  reason: string,
): MixedModelResult {
  return { ...base, fixed: [], random: null, loglik: null, singular: false, converged: false, dropped_terms: [], notes: [...notes, `not fitted: ${reason}`] };
}

/** The condition factor, or the factors of a factorial design with the control's levels as references. */
function fixedFactors(design: ModelDesign, conditions: readonly string[], conditionOf: Int32Array): FactorTerm[] {
  if (design.factors.length < 2) return [{ name: 'condition', levels: conditions, codes: conditionOf }];
  return design.factors.map((name, f) => {
    const levelOf = (c: string) => design.levels.get(c)![f];
    const levels = [...new Set([levelOf(design.control), ...design.conditions.map(levelOf)])];
    const codeOfCondition = conditions.map((c) => levels.indexOf(levelOf(c)));
    return { name, levels, codes: Int32Array.from(conditionOf, (c) => codeOfCondition[c]) };
  });
}

/** Standardised trial position (z over all analysed trials, as the R script) or the displayed AI confidence. */
function covariateTerm(covariate: ModelCovariate, trials: TrialColumns, rows: Int32Array, notes: string[]): CovariateTerm[] {
  const source = covariate === 'position' ? standardised(trials.trialIndex) : trials.confidence;
  if (source === null) {
    notes.push(`covariate ${COVARIATE_NAMES[covariate]} left out: the trial position is constant`);
    return [];
  }
  const values = Float64Array.from(rows, (i) => source[i]);
  if (values.some((v) => !Number.isFinite(v))) {
    notes.push(`covariate ${COVARIATE_NAMES[covariate]} left out: not shown on every trial of this model`);
    return [];
  }
  return [{ name: COVARIATE_NAMES[covariate], values }];
}

/** (x - mean) / sd with the n - 1 standard deviation (R's scale()); null when x is constant. */
function standardised(x: Float64Array): Float64Array | null {
  const m = mean(x);
  const sd = standardDeviation(x);
  if (m === null || sd === null || !(sd > 0)) return null;
  return x.map((v) => (v - m) / sd);
}

/** A condition whose trials all have the same outcome: its coefficient is unbounded (complete separation). */
function separationNotes(conditions: readonly string[], conditionOf: Int32Array, y: Uint8Array): string[] {
  const ones = new Float64Array(conditions.length);
  const count = new Float64Array(conditions.length);
  conditionOf.forEach((c, i) => {
    count[c]++;
    ones[c] += y[i];
  });
  return conditions.flatMap((c, k) =>
    count[k] > 0 && (ones[k] === 0 || ones[k] === count[k])
      ? [`every trial of "${c}" has outcome ${ones[k] === 0 ? 0 : 1} here (complete separation): its estimate and odds ratio are unbounded, read them as ${ones[k] === 0 ? '0' : 'infinite'}`]
      : [],
  );
}

/** Codes 0..k-1 in order of first appearance among the rows. */
function recode(rows: Int32Array, codes: Int32Array): { codes: Int32Array; count: number } {
  const map = new Map<number, number>();
  const out = Int32Array.from(rows, (i) => {
    let c = map.get(codes[i]);
    if (c === undefined) map.set(codes[i], (c = map.size));
    return c;
  });
  return { codes: out, count: map.size };
}
