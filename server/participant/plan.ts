/**
 * A participant's trial plan is a pure function of the experiment and the participant (design engine), so the server
 * recomputes it instead of keeping state; a small cache saves the work between the requests of one participant.
 *
 * Between-subjects: the participant's condition is the assigned condition. Within-subjects: the "condition" the store
 * balances is the block order (a row of the Williams square), named by its conditions joined with ">".
 */
import { planParticipant } from '../../experiments/design.ts';
import { blockOrder, blockOrderCount } from '../../experiments/latin-square.ts';
import type { Experiment, TrialPlan } from '../../experiments/model.ts';
import type { ParticipantDoc } from '../store/index.ts';

/** What assignment balances: condition ids (between) or block-order names (within). */
export function assignmentOptions(exp: Experiment): string[] {
  const ids = exp.conditions.map((c) => c.id);
  if (exp.file.design.type === 'between') return ids;
  return Array.from({ length: blockOrderCount(ids.length) }, (_, row) => blockOrder(ids, row).join('>'));
}

/** Target per assignment option: within-subjects, every participant serves every condition, so rows share the target. */
export function targetPerOption(exp: Experiment): number {
  const target = exp.file.assignment.target_per_condition;
  return exp.file.design.type === 'between' ? target : Math.ceil(target / assignmentOptions(exp).length);
}

const cache = new Map<string, TrialPlan>();
const CACHE_SIZE = 500;

/** The plan a participant gets at join, for the condition the store claimed (passed to `claimCondition`). */
export function planForCondition(exp: Experiment, participantId: string, condition: string): TrialPlan {
  if (exp.file.design.type === 'between') return planParticipant(exp, participantId, condition);
  const row = assignmentOptions(exp).indexOf(condition);
  return planParticipant(exp, participantId, null, row >= 0 ? row : undefined);
}

function isPlan(value: unknown, participantId: string): value is TrialPlan {
  const plan = value as TrialPlan | null | undefined;
  return !!plan && plan.participantId === participantId && Array.isArray(plan.trials) && Array.isArray(plan.practice);
}

/** The participant's plan: the one stored at join when there is one, else recomputed (same inputs, same plan). */
export function planFor(exp: Experiment, participant: ParticipantDoc): TrialPlan {
  if (isPlan(participant.plan, participant.id)) return participant.plan;
  const key = `${exp.configHash}:${participant.id}:${participant.condition}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const plan = planForCondition(exp, participant.id, participant.condition);
  cache.set(key, plan);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return plan;
}
