/**
 * Whether an exact error schedule fits, with the reason when it does not. The rule itself is the advice engine's
 * (`scheduleFeasible` in advice.ts: errors + (errors - 1) * minGap trials must fit between the first and last
 * error-free trials), so the loader never accepts a schedule the engine would refuse.
 */
import { scheduleFeasible, type ScheduleConstraints } from './advice.ts';

export type { ScheduleConstraints };

export function scheduleFits(n: number, errors: number, c: ScheduleConstraints): { ok: true } | { ok: false; reason: string } {
  if (scheduleFeasible(n, errors, c)) return { ok: true };
  if (errors > n) return { ok: false, reason: 'more errors than trials' };
  const window = n - c.noErrorsInFirst - c.noErrorsInLast;
  const needed = errors + (errors - 1) * c.minGap;
  return {
    ok: false,
    reason:
      `only ${Math.max(window, 0)} trials can hold an error (${n} - ${c.noErrorsInFirst} first - ${c.noErrorsInLast} last), ` +
      `and ${errors} errors with at least ${c.minGap} trial${c.minGap === 1 ? '' : 's'} between them need ${needed}`,
  };
}
