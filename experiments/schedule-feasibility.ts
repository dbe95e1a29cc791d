/**
 * Whether an exact error schedule fits: `errors` wrong advice among `n` decision trials, none in the first
 * `noErrorsInFirst` nor the last `noErrorsInLast`, and at least `minGap` correct trials between two errors.
 * The tightest packing puts errors at p, p + minGap + 1, ...: it needs errors + (errors - 1) * minGap trials.
 */
export interface ScheduleConstraints {
  noErrorsInFirst: number;
  noErrorsInLast: number;
  minGap: number;
}

export function scheduleFits(n: number, errors: number, c: ScheduleConstraints): { ok: true } | { ok: false; reason: string } {
  if (errors === 0) return { ok: true };
  const window = n - c.noErrorsInFirst - c.noErrorsInLast;
  const needed = errors + (errors - 1) * c.minGap;
  if (errors > n) return { ok: false, reason: `more errors than trials` };
  if (window >= needed) return { ok: true };
  return {
    ok: false,
    reason:
      `only ${Math.max(window, 0)} trials can hold an error (${n} - ${c.noErrorsInFirst} first - ${c.noErrorsInLast} last), ` +
      `and ${errors} errors with at least ${c.minGap} trial${c.minGap === 1 ? '' : 's'} between them need ${needed}`,
  };
}
