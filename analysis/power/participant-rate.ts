import type { RandomStream } from './random-stream.ts';
import { betaVariate } from './participant-draws.ts';

/**
 * Between-participant spread, on the probability scale: each simulated participant's own rate is drawn from a Beta
 * distribution with mean p and standard deviation sd (alpha = p m, beta = (1 - p) m with m = p (1 - p) / sd^2 - 1),
 * then their count is Binomial(denominator, rate). sd = 0 gives every participant the rate p.
 * Such a Beta exists only when sd^2 < p (1 - p): e.g. for p = 0.9 the largest possible sd is just under 0.3.
 */
export interface RateDistribution {
  mean: number;
  sd: number;
  draw(rng: RandomStream): number;
}

export function rateDistribution(mean: number, sd: number): RateDistribution {
  const problem = spreadProblem(mean, sd);
  if (problem) throw new RangeError(problem);
  if (sd === 0) return { mean, sd, draw: () => mean };
  const m = (mean * (1 - mean)) / (sd * sd) - 1;
  const alpha = mean * m;
  const beta = (1 - mean) * m;
  return { mean, sd, draw: (rng) => betaVariate(alpha, beta, rng) };
}

/** Why no Beta has this mean and SD, or null when one does. */
export function spreadProblem(mean: number, sd: number): string | null {
  if (!(mean >= 0 && mean <= 1)) return `a rate must be between 0 and 1, found ${mean}`;
  if (!(sd >= 0)) return `the spread (--sd) must be >= 0, found ${sd}`;
  if (sd === 0) return null;
  const max = Math.sqrt(mean * (1 - mean));
  if (sd >= max) {
    return mean === 0 || mean === 1
      ? `a rate of ${mean} leaves no room for between-participant spread: use --sd 0 or a rate strictly between 0 and 1`
      : `with a rate of ${mean}, --sd must be below sqrt(p (1 - p)) = ${max.toFixed(4)}, found ${sd}`;
  }
  return null;
}
