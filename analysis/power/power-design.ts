import type { Experiment } from '../../experiments/model.ts';
import { errorsIn, planParticipant } from '../../experiments/design.ts';

/** Reliance metrics whose denominator the design fixes (the others depend on the participant's own answers). */
export const POWER_METRICS = ['agreement', 'overreliance', 'underreliance', 'accuracy_final', 'accuracy_initial'] as const;
export type PowerMetric = (typeof POWER_METRICS)[number];

/** What one participant's plan gives one condition: decision trials, and among them those with wrong advice. */
export interface ConditionTrials {
  trials: number;
  aiWrong: number;
}

/** The parts of a study's design that the power of a participant-level test depends on. */
export interface PowerDesign {
  experiment: string;
  type: 'between' | 'within';
  paradigm: 'two_stage' | 'one_stage';
  /** Condition ids in the experiment's order; comparisons are each non-control condition against the control. */
  conditions: string[];
  control: string;
  /** Per condition, the trial counts of participants' plans: one entry when they are fixed, else a sample. */
  plans: Record<string, ConditionTrials[]>;
  /** Size of the case bank (the mixed-model simulation draws each trial's case from it). */
  cases: number;
}

/**
 * The design of a loaded experiment. A simulated advisor's error schedule is exact: every participant has
 * `trials.count / blocks` decision trials per condition and exactly `errorsIn(condition)` wrong advices among them.
 * With advice from the case bank the number of wrong advices depends on the cases drawn, so the design engine itself
 * plans `sample` participants per condition (between) or in all (within), and the simulation draws each participant's
 * counts from that sample.
 */
export function designFromExperiment(exp: Experiment, sample = 100): PowerDesign {
  const conditions = exp.conditions.map((c) => c.id);
  const base = {
    experiment: exp.file.id,
    type: exp.file.design.type,
    paradigm: exp.file.procedure.paradigm,
    conditions,
    control: exp.control,
    cases: exp.cases.length,
  };
  const blockSize = exp.file.procedure.trials.count / (exp.file.design.type === 'within' ? conditions.length : 1);
  if (exp.file.advisor.source === 'simulated') {
    const plans = Object.fromEntries(exp.conditions.map((c) => [c.id, [{ trials: blockSize, aiWrong: errorsIn(exp, c) }]]));
    return { ...base, plans };
  }
  return { ...base, plans: plannedCounts(exp, conditions, sample) };
}

function plannedCounts(exp: Experiment, conditions: string[], sample: number): Record<string, ConditionTrials[]> {
  const plans: Record<string, ConditionTrials[]> = Object.fromEntries(conditions.map((id) => [id, []]));
  const addPlan = (participantId: string, condition: string | null, ordinal?: number) => {
    const perCondition = new Map<string, ConditionTrials>();
    for (const trial of planParticipant(exp, participantId, condition, ordinal).trials) {
      if (trial.kind !== 'decision' || trial.advice === null) continue;
      const counts = perCondition.get(trial.condition) ?? { trials: 0, aiWrong: 0 };
      counts.trials++;
      if (!trial.advice.correct) counts.aiWrong++;
      perCondition.set(trial.condition, counts);
    }
    for (const [id, counts] of perCondition) plans[id].push(counts);
  };
  for (let i = 0; i < sample; i++) {
    if (exp.file.design.type === 'within') addPlan(`power-${i}`, null, i);
    else for (const id of conditions) addPlan(`power-${i}`, id);
  }
  return plans;
}

/** Each sampled participant's denominator of `metric` in `condition` (METRICS.md section 2). */
export function denominators(design: PowerDesign, metric: PowerMetric, condition: string): Int32Array {
  const plans = design.plans[condition] ?? [];
  const out = new Int32Array(plans.length);
  plans.forEach((p, i) => {
    out[i] = metric === 'overreliance' ? p.aiWrong : metric === 'underreliance' ? p.trials - p.aiWrong : p.trials;
  });
  return out;
}
