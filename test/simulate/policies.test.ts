import { describe, expect, it } from 'vitest';
import { createRng } from '../../experiments/random.ts';
import { UserError } from '../../experiments/user-error.ts';
import { DEFAULT_OWN_ACCURACY, follows, parsePolicy, type RelianceSituation } from '../../server/simulate/policies.ts';
import { latencySummary } from '../../server/simulate/runner.ts';
import { realWaitMs, responseTimeMs } from '../../server/simulate/response-times.ts';

const right: RelianceSituation = { adviceRight: true, shownConfidence: 0.8, ownAgrees: false };
const wrong: RelianceSituation = { adviceRight: false, shownConfidence: 0.6, ownAgrees: false };

describe('policy specs', () => {
  it('reads positional and named parameters, and own accuracy on any policy', () => {
    expect(parsePolicy('always-follow')).toEqual({ name: 'always-follow', own: DEFAULT_OWN_ACCURACY });
    expect(parsePolicy('random:0.4')).toEqual({ name: 'random', p: 0.4, own: 0.7 });
    expect(parsePolicy('accuracy-based:0.9,0.3')).toEqual({ name: 'accuracy-based', pRight: 0.9, pWrong: 0.3, own: 0.7 });
    expect(parsePolicy('accuracy-based:p_wrong=0.2,p-right=0.8,own=0.6')).toEqual({ name: 'accuracy-based', pRight: 0.8, pWrong: 0.2, own: 0.6 });
    expect(parsePolicy('confidence-threshold:t=0.75')).toEqual({ name: 'confidence-threshold', t: 0.75, own: 0.7 });
    expect(parsePolicy('calibrated:0.65')).toEqual({ name: 'calibrated', own: 0.65 });
    expect(parsePolicy('calibrated')).toEqual({ name: 'calibrated', own: 0.7 });
  });

  it.each([
    ['sometimes', /Unknown policy "sometimes"/],
    ['random', /missing parameter p/],
    ['random:1.5', /between 0 and 1/],
    ['random:0.5,0.2', /unexpected parameter 0.2/],
    ['accuracy-based:0.9', /missing parameter p_wrong/],
    ['never-follow:x=1', /x=1|unexpected parameter x/],
  ])('refuses %s with a message for the user', (spec, message) => {
    let error: unknown;
    try {
      parsePolicy(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect([(error as UserError).message, ...(error as UserError).details].join(' ')).toMatch(message);
  });
});

describe('policy decisions', () => {
  it('always / never follow', () => {
    expect(follows(parsePolicy('always-follow'), wrong, 0.99)).toBe(true);
    expect(follows(parsePolicy('never-follow'), right, 0)).toBe(false);
  });

  it('random:p follows when the draw is below p, whatever the advice', () => {
    const p = parsePolicy('random:0.4');
    expect(follows(p, right, 0.39)).toBe(true);
    expect(follows(p, wrong, 0.39)).toBe(true);
    expect(follows(p, right, 0.4)).toBe(false);
  });

  it('accuracy-based uses p_right on right advice and p_wrong on wrong advice', () => {
    const p = parsePolicy('accuracy-based:0.9,0.3');
    expect(follows(p, right, 0.85)).toBe(true);
    expect(follows(p, wrong, 0.85)).toBe(false);
    expect(follows(p, wrong, 0.29)).toBe(true);
    expect(() => follows(p, { ...right, adviceRight: null }, 0.1)).toThrow(/not recognised/);
  });

  it('confidence-threshold follows at or above t, never without a confidence shown', () => {
    const p = parsePolicy('confidence-threshold:0.8');
    expect(follows(p, right, 0)).toBe(true);
    expect(follows(p, { ...wrong, shownConfidence: 0.79 }, 0)).toBe(false);
    expect(follows(p, { ...right, shownConfidence: null }, 0)).toBe(false);
  });

  it('calibrated follows a disagreeing advice only when its own accuracy is below the confidence shown', () => {
    const p = parsePolicy('calibrated:0.7');
    expect(follows(p, { ...wrong, shownConfidence: 0.71 }, 0.99)).toBe(true);
    expect(follows(p, { ...wrong, shownConfidence: 0.7 }, 0)).toBe(false);
    expect(follows(p, { ...wrong, shownConfidence: null }, 0)).toBe(false);
    // Agreeing with the advice, it keeps its answer, which is the advice.
    expect(follows(p, { ...wrong, shownConfidence: 0.1, ownAgrees: true }, 0.5)).toBe(true);
  });
});

describe('timings and summary', () => {
  it('response times are log-normal around the median (sample median within 5%), clamped, scaled by speed', () => {
    const rng = createRng(42);
    const draws = Array.from({ length: 4000 }, () => responseTimeMs(rng, 8000)).sort((x, y) => x - y);
    expect(Math.abs(draws[2000] - 8000) / 8000).toBeLessThan(0.05);
    expect(draws[0]).toBeGreaterThanOrEqual(400);
    // sigma 0.5: the 84th percentile is about median x e^0.5 = 13190 ms.
    expect(Math.abs(draws[Math.round(0.8413 * 4000)] - 13190) / 13190).toBeLessThan(0.06);
    expect(realWaitMs(8000, 100)).toBe(80);
    expect(realWaitMs(8000, Infinity)).toBe(0);
  });

  it('latency percentiles are nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100 in reverse
    expect(latencySummary(values)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
    expect(latencySummary([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
  });
});
