import { describe, expect, it } from 'vitest';
import { scheduleFits } from '../../experiments/schedule-feasibility.ts';

const free = { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 0 };

describe('scheduleFits', () => {
  it('accepts no errors at all, whatever the constraints', () => {
    expect(scheduleFits(3, 0, { noErrorsInFirst: 5, noErrorsInLast: 5, minGap: 9 }).ok).toBe(true);
  });
  it('accepts errors filling every trial when nothing constrains them', () => {
    expect(scheduleFits(5, 5, free).ok).toBe(true);
    expect(scheduleFits(5, 6, free).ok).toBe(false);
  });
  it('needs errors + (errors - 1) * minGap trials inside the allowed window', () => {
    // 20 trials, none in the first 3: window 17; 5 errors with 3 between them need 5 + 4 * 3 = 17.
    expect(scheduleFits(20, 5, { noErrorsInFirst: 3, noErrorsInLast: 0, minGap: 3 }).ok).toBe(true);
    expect(scheduleFits(20, 5, { noErrorsInFirst: 3, noErrorsInLast: 1, minGap: 3 })).toEqual({
      ok: false,
      reason: 'only 16 trials can hold an error (20 - 3 first - 1 last), and 5 errors with at least 3 trials between them need 17',
    });
  });
});
