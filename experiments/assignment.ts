/**
 * Balanced, dropout-aware assignment of a new participant to a between-subjects condition.
 *
 * Pure: the store counts participants per condition and applies the choice atomically (server/store); this only
 * decides. A participant who stopped answering for longer than the timeout is "stale" and not counted, so the slot
 * they held goes to the next arrival.
 */
import { toRng, type Rng } from './random.ts';

export interface ConditionCount {
  condition: string;
  completed: number;
  /** Active and not stale (activity within the configured timeout). */
  inProgress: number;
}

export interface AssignmentOptions {
  targetPerCondition: number;
  /** Refuse new participants (null) once every condition has `completed >= targetPerCondition`. */
  closeWhenFull: boolean;
}

/**
 * The condition for the next participant, or null when the study is full.
 *
 * Rule: the least-filled condition by `completed + inProgress`, looked for first among conditions whose
 * `completed + inProgress` is below the target, then (every condition is spoken for, but some in-progress participant
 * may still drop out) among conditions whose `completed` is below the target, then — only if `closeWhenFull` is
 * false — among all conditions. Ties are broken uniformly by `rng` (pass a seeded generator or a seed, e.g.
 * `seedFor(exp.file.seed, participantId)`, to make the choice reproducible). Counts are read in the given order, so
 * the result does not depend on object key or Map order.
 */
export function assignCondition(
  counts: readonly ConditionCount[],
  opts: AssignmentOptions,
  rng: Rng | number,
): string | null {
  if (counts.length === 0) throw new RangeError('assignCondition: no conditions');
  const target = opts.targetPerCondition;
  const filled = (c: ConditionCount) => c.completed + c.inProgress;

  let candidates = counts.filter((c) => filled(c) < target);
  if (candidates.length === 0) candidates = counts.filter((c) => c.completed < target);
  if (candidates.length === 0) {
    if (opts.closeWhenFull) return null;
    candidates = counts.slice();
  }
  const least = Math.min(...candidates.map(filled));
  const tied = candidates.filter((c) => filled(c) === least);
  return tied.length === 1 ? tied[0].condition : toRng(rng).pick(tied).condition;
}
