/** The random pieces of the power simulation: participant rates (Beta with mean p and SD sd) and binomial counts. */
import { describe, expect, it } from 'vitest';
import { randomStream } from '../../analysis/power/random-stream.ts';
import { binomialVariate } from '../../analysis/power/participant-draws.ts';
import { rateDistribution, spreadProblem } from '../../analysis/power/participant-rate.ts';

function moments(draw: () => number, count: number): { mean: number; sd: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < count; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / count;
  return { mean, sd: Math.sqrt((s2 - count * mean * mean) / (count - 1)) };
}

describe('participant rates and counts', () => {
  it.each([
    [0.6, 0.1],
    [0.1, 0.05],
    [0.95, 0.2],
  ])('draws rates with mean %s and SD %s', (p, sd) => {
    const rng = randomStream(1);
    const dist = rateDistribution(p, sd);
    const m = moments(() => dist.draw(rng), 100_000);
    // Standard error of the mean is sd / sqrt(1e5) <= 0.0007; of the SD about sd / sqrt(2e5).
    expect(Math.abs(m.mean - p)).toBeLessThan(0.003);
    expect(Math.abs(m.sd - sd)).toBeLessThan(0.01 * sd + 0.002);
  });

  it('gives every participant the rate itself when sd is 0', () => {
    const rng = randomStream(2);
    const dist = rateDistribution(0.7, 0);
    expect([dist.draw(rng), dist.draw(rng)]).toEqual([0.7, 0.7]);
  });

  it('refuses a spread that no Beta distribution with that mean has, and says the largest possible', () => {
    expect(spreadProblem(0.9, 0.3)).toBe('with a rate of 0.9, --sd must be below sqrt(p (1 - p)) = 0.3000, found 0.3');
    expect(spreadProblem(1, 0.1)).toContain('leaves no room for between-participant spread');
    expect(spreadProblem(0.9, 0.29)).toBeNull();
    expect(() => rateDistribution(0.5, 0.6)).toThrow(RangeError);
  });

  it.each([
    [20, 0.6],
    [5, 0.1],
    [500, 0.97],
  ])('draws Binomial(%s, %s) counts with mean np and variance np(1-p)', (n, p) => {
    const rng = randomStream(3);
    const m = moments(() => binomialVariate(n, p, rng), 100_000);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(m.mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(100_000));
    expect(Math.abs(m.sd - sd)).toBeLessThan(0.02 * sd);
  });

  it('gives 0 and n at the edges of p and for an empty denominator', () => {
    const rng = randomStream(4);
    expect(binomialVariate(10, 0, rng)).toBe(0);
    expect(binomialVariate(10, 1, rng)).toBe(10);
    expect(binomialVariate(0, 0.5, rng)).toBe(0);
  });

  it('repeats the same stream for the same seed', () => {
    const a = randomStream(9);
    const b = randomStream(9);
    const c = randomStream(10);
    const first = [a.uniform(), a.normal(), a.uniform()];
    expect([b.uniform(), b.normal(), b.uniform()]).toEqual(first);
    expect(c.uniform()).not.toBe(first[0]);
  });
});
