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
  /** Refuse new participants (null) once every slot is completed or held by an active participant. */
  closeWhenFull: boolean;
}

/**
 * The condition for the next participant, or null when the study is full.
 *
 * Rule: the least-filled condition by `completed + inProgress` among those still below the target. When none is
 * below (every slot is completed or held by an active participant): with `closeWhenFull`, null — the study is full,
 * or full for now: a slot frees itself when an in-progress participant goes stale, so the number of completions never
 * exceeds the target; without `closeWhenFull`, the least-filled condition overall (recruitment continues, balanced).
 * Ties are broken uniformly by `rng` (pass a seeded generator or a seed, e.g. `seedFor(exp.file.seed, participantId)`,
 * to make the choice reproducible). Counts are read in the given order, so the result does not depend on object key
 * or Map order. To tell "full" from "full for now", check `completed >= targetPerCondition` for every condition.
 */
export function assignCondition(
  counts: readonly ConditionCount[],
  opts: AssignmentOptions,
  rng: Rng | number,
): string | null {
  if (counts.length === 0) throw new RangeError('assignCondition: no conditions');
  const filled = (c: ConditionCount) => c.completed + c.inProgress;

  let candidates = counts.filter((c) => filled(c) < opts.targetPerCondition);
  if (candidates.length === 0) {
    if (opts.closeWhenFull) return null;
    candidates = counts.slice();
  }
  const least = Math.min(...candidates.map(filled));
  const tied = candidates.filter((c) => filled(c) === least);
  return tied.length === 1 ? tied[0].condition : toRng(rng).pick(tied).condition;
}
