/**
 * Where the first AI error falls, as a factor-level setting (`first_error_at: 3` against `first_error_at: 12`): the
 * exact 1-based decision-trial position, within each block of the condition, of the first wrong advice of a simulated
 * advisor. The other errors are then placed after it under `min_gap` and `no_errors_in_last` (advice.ts).
 */
import { z } from 'zod';
import { adviceSchedule, scheduleFeasible, type ScheduleConstraints } from './advice.ts';
import type { Rng } from './random.ts';

export const firstErrorAtSchema = z
  .number()
  .int()
  .min(1)
  .describe('simulated advisor: the first wrong advice is the decision trial at this 1-based position of the block (the others follow it)');

/**
 * Why an exact first error at 1-based `firstErrorAt` cannot be honoured among `n` decision trials with `errors` wrong
 * advices under the file's constraints, or null when it can. It must be an error (errors >= 1), lie among the trials,
 * outside the first `noErrorsInFirst` and the last `noErrorsInLast`; the errors - 1 others must then fit after it,
 * at least `minGap` right trials later (scheduleFeasible with noErrorsInFirst = firstErrorAt + minGap).
 */
export function firstErrorProblem(n: number, errors: number, c: ScheduleConstraints, firstErrorAt: number): string | null {
  if (errors < 1) return 'there is no error to place (0 wrong advices)';
  if (firstErrorAt > n) return `position ${firstErrorAt} is beyond the ${n} decision trials`;
  if (firstErrorAt <= c.noErrorsInFirst) return `position ${firstErrorAt} is among the first ${c.noErrorsInFirst} trials, which advisor.no_errors_in_first keeps right`;
  if (firstErrorAt > n - c.noErrorsInLast) return `position ${firstErrorAt} is among the last ${c.noErrorsInLast} trials, which advisor.no_errors_in_last keeps right`;
  const rest = afterFirst(c, firstErrorAt);
  if (!scheduleFeasible(n, errors - 1, rest)) {
    const room = Math.max(n - rest.noErrorsInFirst - rest.noErrorsInLast, 0);
    const where = room === 0 ? 'no trial after it can hold them' : `only ${room} trial${room === 1 ? '' : 's'} (${firstErrorAt + c.minGap + 1}-${n - c.noErrorsInLast}) can hold them`;
    return `the ${errors - 1} other error${errors === 2 ? '' : 's'} must come after it with at least ${c.minGap} right trial${c.minGap === 1 ? '' : 's'} between two: ${where}`;
  }
  return null;
}

/**
 * Which of `n` trials get wrong advice when the first error is at 1-based `firstErrorAt`: that trial, then `errors - 1`
 * others drawn uniformly among the valid placements after it (adviceSchedule on the rest of the block). Throws a
 * RangeError when `firstErrorProblem` reports a problem.
 */
export function scheduleWithFirstError(n: number, errors: number, c: ScheduleConstraints, firstErrorAt: number, rng: Rng): boolean[] {
  const problem = firstErrorProblem(n, errors, c, firstErrorAt);
  if (problem !== null) throw new RangeError(`impossible error schedule: first error at ${firstErrorAt} of ${n}: ${problem}`);
  const wrong = adviceSchedule(n, errors - 1, afterFirst(c, firstErrorAt), rng);
  wrong[firstErrorAt - 1] = true;
  return wrong;
}

/** The constraints on the errors after the first: none before firstErrorAt + minGap (0-based index of the next allowed). */
function afterFirst(c: ScheduleConstraints, firstErrorAt: number): ScheduleConstraints {
  return { ...c, noErrorsInFirst: firstErrorAt + c.minGap };
}
