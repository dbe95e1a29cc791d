/**
 * Which outcome feedback follows each decision trial of a participant's plan (experiments/manipulations/
 * outcome-feedback.ts): `trial` after every decision of a condition with trial feedback; `block` after the decision
 * that ends a block of a condition with block feedback. A block is `every` consecutive decision trials of one
 * condition's run (within-subjects without `every`: the whole run); a run's last block may be shorter. Attention
 * checks get no feedback and belong to no block.
 */
import type { Experiment, TrialPlan } from '../../experiments/model.ts';

export type FeedbackAfter = { type: 'trial' } | { type: 'block'; trialIndices: number[] };

/** Position in plan.trials (0-based, = trialIndex) -> the feedback shown after it. */
export function feedbackSchedule(exp: Experiment, plan: TrialPlan): Map<number, FeedbackAfter> {
  const schedule = new Map<number, FeedbackAfter>();
  const conditions = new Map(exp.conditions.map((c) => [c.id, c]));
  let block: number[] = [];
  let runCondition: string | null = null;
  const closeBlock = () => {
    if (block.length > 0) schedule.set(block[block.length - 1], { type: 'block', trialIndices: block });
    block = [];
  };
  plan.trials.forEach((trial, i) => {
    if (trial.kind !== 'decision') return;
    const feedback = conditions.get(trial.condition)?.outcomeFeedback;
    if (trial.condition !== runCondition) {
      closeBlock();
      runCondition = trial.condition;
    }
    if (feedback?.type === 'trial') schedule.set(i, { type: 'trial' });
    if (feedback?.type !== 'block') return;
    block.push(i);
    if (feedback.every !== undefined && block.length === feedback.every) closeBlock();
  });
  closeBlock();
  return schedule;
}
