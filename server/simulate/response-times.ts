/**
 * Realistic response times: log-normal around a median that depends on the page (people read a consent text longer
 * than they confirm a decision), sigma 0.5 (a 95% range of about x0.4 to x2.7 around the median). The bot waits the
 * time divided by the run's speed, and reports the unscaled time as the page script would (`client_rt_ms`).
 */
import type { Rng } from '../../experiments/random.ts';

/** Medians in milliseconds of simulated time. */
export const MEDIAN_MS = {
  welcome: 6000,
  consent: 15000,
  instructions: 20000,
  questionnaireItem: 3500,
  initialDecision: 9000,
  finalDecision: 6000,
  oneStageDecision: 11000,
} as const;

const SIGMA = 0.5;

/** A log-normal time with this median, kept within [400 ms, 10 min]. Inattentive people answer about 3x faster. */
export function responseTimeMs(rng: Rng, medianMs: number, inattentive = false): number {
  // Box-Muller: one standard normal from two uniforms (1 - u keeps the logarithm finite).
  const z = Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const ms = (inattentive ? medianMs / 3 : medianMs) * Math.exp(SIGMA * z);
  return Math.round(Math.min(600_000, Math.max(400, ms)));
}

/** Real milliseconds to wait for a simulated time at `speed` (simulated seconds per real second; Infinity: none). */
export function realWaitMs(simulatedMs: number, speed: number): number {
  return Number.isFinite(speed) && speed > 0 ? simulatedMs / speed : 0;
}
