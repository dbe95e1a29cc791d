import { describe, expect, it } from 'vitest';
import { adviceSchedule, scheduleFeasible, type ScheduleConstraints } from '../../experiments/advice.ts';
import { createRng, seedFor } from '../../experiments/random.ts';

const positions = (s: boolean[]) => s.flatMap((w, i) => (w ? [i] : []));

describe('adviceSchedule', () => {
  const cases: { n: number; k: number; c: ScheduleConstraints }[] = [
    { n: 20, k: 5, c: { noErrorsInFirst: 3, noErrorsInLast: 0, minGap: 1 } },
    { n: 20, k: 5, c: { noErrorsInFirst: 3, noErrorsInLast: 2, minGap: 2 } },
    { n: 12, k: 4, c: { noErrorsInFirst: 2, noErrorsInLast: 0, minGap: 2 } }, // tight: window 10 = 4 + 3 * 2
    { n: 30, k: 0, c: { noErrorsInFirst: 5, noErrorsInLast: 5, minGap: 4 } },
    { n: 10, k: 10, c: { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 0 } },
  ];
  for (const { n, k, c } of cases) {
    it(`places exactly ${k} of ${n} errors honouring ${JSON.stringify(c)} over 500 seeds`, () => {
      for (let seed = 0; seed < 500; seed++) {
        const s = adviceSchedule(n, k, c, createRng(seedFor('schedule', seed)));
        const p = positions(s);
        expect(s).toHaveLength(n);
        expect(p).toHaveLength(k);
        for (const i of p) {
          expect(i).toBeGreaterThanOrEqual(c.noErrorsInFirst);
          expect(i).toBeLessThan(n - c.noErrorsInLast);
        }
        for (let j = 1; j < p.length; j++) expect(p[j] - p[j - 1] - 1).toBeGreaterThanOrEqual(c.minGap);
      }
    });
  }

  it('uses the only valid placement when the constraints leave no freedom', () => {
    // window = 10 - 1 - 2 = 7 positions (1..7); 3 errors with 2 trials between them need exactly 3 + 2 * 2 = 7.
    for (let seed = 0; seed < 20; seed++) {
      const s = adviceSchedule(10, 3, { noErrorsInFirst: 1, noErrorsInLast: 2, minGap: 2 }, createRng(seed));
      expect(positions(s)).toEqual([1, 4, 7]);
    }
    const tight = adviceSchedule(12, 4, { noErrorsInFirst: 2, noErrorsInLast: 0, minGap: 2 }, createRng(5));
    expect(positions(tight)).toEqual([2, 5, 8, 11]);
  });

  it('rejects impossible schedules, and scheduleFeasible agrees', () => {
    const impossible: [number, number, ScheduleConstraints][] = [
      [20, 18, { noErrorsInFirst: 3, noErrorsInLast: 0, minGap: 1 }], // more errors than the window
      [20, 6, { noErrorsInFirst: 3, noErrorsInLast: 2, minGap: 2 }], // 6 + 5 * 2 = 16 > 15
      [12, 4, { noErrorsInFirst: 2, noErrorsInLast: 2, minGap: 2 }], // window 8 < 4 + 3 * 2
      [5, 6, { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 0 }],
      [10, 6, { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 1 }], // never two in a row: at most 5 of 10
    ];
    for (const [n, k, c] of impossible) {
      expect(scheduleFeasible(n, k, c)).toBe(false);
      expect(() => adviceSchedule(n, k, c, createRng(1))).toThrow(/impossible error schedule/);
    }
    expect(scheduleFeasible(20, 5, { noErrorsInFirst: 3, noErrorsInLast: 2, minGap: 2 })).toBe(true); // 13 <= 15
    expect(scheduleFeasible(10, 5, { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 1 })).toBe(true);
    expect(scheduleFeasible(12, 4, { noErrorsInFirst: 2, noErrorsInLast: 0, minGap: 2 })).toBe(true); // 10 >= 10
    expect(scheduleFeasible(12, 4, { noErrorsInFirst: 2, noErrorsInLast: 1, minGap: 2 })).toBe(false); // 9 < 10
    expect(scheduleFeasible(3, 0, { noErrorsInFirst: 5, noErrorsInLast: 5, minGap: 9 })).toBe(true);
  });

  it('is uniform over valid placements: each placement of 2 errors in 6 trials, never in a row, is about equally frequent', () => {
    // Valid placements: pairs (i, j) with j - i >= 2 among 0..5: C(5, 2) = 10 of them.
    const counts = new Map<string, number>();
    const draws = 20_000;
    const rng = createRng(seedFor('uniformity'));
    for (let d = 0; d < draws; d++) {
      const key = positions(adviceSchedule(6, 2, { noErrorsInFirst: 0, noErrorsInLast: 0, minGap: 1 }, rng)).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    // Expected 2000 each, sd = sqrt(20000 * 0.1 * 0.9) ~ 42: allow 5 sd.
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(210);
  });

  it('spreads errors over the allowed positions: position frequencies of 5 of 20 (none in first 3)', () => {
    const freq = new Array<number>(20).fill(0);
    const rng = createRng(seedFor('frequencies'));
    const draws = 10_000;
    for (let d = 0; d < draws; d++) {
      adviceSchedule(20, 5, { noErrorsInFirst: 3, noErrorsInLast: 0, minGap: 0 }, rng).forEach((w, i) => (freq[i] += w ? 1 : 0));
    }
    expect(freq.slice(0, 3)).toEqual([0, 0, 0]);
    // Without a gap constraint every allowed position has probability 5/17 exactly.
    for (const f of freq.slice(3)) expect(Math.abs(f / draws - 5 / 17)).toBeLessThan(0.025);
  });

  it('is deterministic for a given seed', () => {
    const c = { noErrorsInFirst: 3, noErrorsInLast: 0, minGap: 2 };
    expect(adviceSchedule(20, 5, c, createRng(42))).toEqual(adviceSchedule(20, 5, c, createRng(42)));
    expect(adviceSchedule(20, 5, c, createRng(42))).not.toEqual(adviceSchedule(20, 5, c, createRng(43)));
  });
});
