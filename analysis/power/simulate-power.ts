import { welch } from '../stats/welch.ts';
import { holm } from '../stats/holm.ts';
import { wilsonInterval } from '../stats/wilson.ts';
import { seedFor } from '../../experiments/random.ts';
import { randomStream, type RandomStream } from './random-stream.ts';
import { binomialVariate } from './participant-draws.ts';
import { rateDistribution, type RateDistribution } from './participant-rate.ts';

/** One condition as the simulation sees it. */
export interface PowerGroup {
  id: string;
  /** Expected rate of the metric in this condition. */
  rate: number;
  /** Denominators of the metric of possible participants (each simulated participant draws one uniformly). */
  denominators: Int32Array;
}

export interface PowerOptions {
  /** Participants per condition to simulate, ascending. */
  participants: readonly number[];
  simulations: number;
  /** Between-participant SD of the rate on the probability scale (see participant-rate.ts). */
  sd: number;
  alpha: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PowerRow {
  participants: number;
  /** Condition id -> share of simulations where its Holm-adjusted Welch p < alpha. */
  comparisons: Record<string, number>;
  /** Share where every comparison with a stated effect (rate different from the control's) is significant; null if none. */
  all: number | null;
  /** Share where at least one comparison is significant (the family-wise rate when there is no effect). */
  any: number;
  /** Condition id -> 95 % Wilson interval of its power (the Monte Carlo uncertainty of S simulations). */
  intervals: Record<string, [number, number]>;
  /** Mixed-model test only: how many of the S fits failed, did not converge, or were singular. */
  fits?: { failed: number; not_converged: number; singular: number };
}

export interface PowerTarget {
  target: number;
  /** Smallest simulated N per condition whose power reaches the target, or null when none in the range does. */
  comparisons: Record<string, number | null>;
  all: number | null;
}

export interface PowerResult {
  rows: PowerRow[];
  targets: PowerTarget[];
  /** Largest Monte Carlo standard error sqrt(p (1 - p) / simulations) among the powers of the table. */
  monteCarloSe: number;
}

export const POWER_TARGETS = [0.8, 0.9] as const;

/**
 * Monte Carlo power of the participant-level test of `confiance analyze` (METRICS.md section 3): for each N and each
 * simulation, N participants per condition each get a rate from the spread distribution and a count
 * k ~ Binomial(denominator, rate); each non-control condition's per-participant ratios k/n are compared with the
 * control's by Welch's t-test, the p-values of the family are Holm-adjusted, and a comparison counts as significant
 * when its adjusted p < alpha. Participants whose denominator is 0 are left out, as the analysis does; a test that
 * cannot be computed (fewer than 2 defined ratios, or no variance at all) is not significant.
 * Each N has its own random stream (seeded from `seed` and N), so a power does not depend on the other sizes asked.
 */
export function simulatePower(groups: readonly PowerGroup[], control: string, options: PowerOptions): PowerResult {
  const controlIndex = groups.findIndex((g) => g.id === control);
  if (controlIndex < 0) throw new Error(`simulatePower: no group is the control ${control}`);
  const compared = groups.map((_, i) => i).filter((i) => i !== controlIndex);
  const stated = compared.filter((i) => groups[i].rate !== groups[controlIndex].rate);
  const spreads = groups.map((g) => rateDistribution(g.rate, options.sd));
  const maxN = Math.max(...options.participants);
  const ratios = groups.map(() => new Float64Array(maxN));

  const rows: PowerRow[] = [];
  options.participants.forEach((n, done) => {
    const rng = randomStream(seedFor(options.seed, 'power', n));
    const hits = new Float64Array(groups.length);
    let allHits = 0;
    let anyHits = 0;
    for (let s = 0; s < options.simulations; s++) {
      const defined = groups.map((g, i) => drawRatios(g.denominators, spreads[i], n, ratios[i], rng));
      const control = ratios[controlIndex].subarray(0, defined[controlIndex]);
      const p = compared.map((i) => welch(ratios[i].subarray(0, defined[i]), control).p);
      const adjusted = holm(p);
      let any = false;
      const significant = new Set<number>();
      compared.forEach((i, j) => {
        const q = adjusted[j];
        if (q !== null && q < options.alpha) {
          hits[i]++;
          significant.add(i);
          any = true;
        }
      });
      if (any) anyHits++;
      if (stated.length > 0 && stated.every((i) => significant.has(i))) allHits++;
    }
    rows.push(powerRow(n, compared.map((i) => groups[i].id), compared.map((i) => hits[i]), stated.length > 0 ? allHits : null, anyHits, options.simulations));
    options.onProgress?.(done + 1, options.participants.length);
  });

  return summarisePower(rows, compared.map((i) => groups[i].id), stated.length > 0, options.simulations);
}

/**
 * The targets (smallest N reaching 80 % and 90 %) and the largest Monte Carlo SE of a power table; shared by the
 * Welch and the mixed-model simulations.
 */
export function summarisePower(rows: PowerRow[], compared: readonly string[], hasStated: boolean, simulations: number): PowerResult {
  const targets = POWER_TARGETS.map((target) => ({
    target,
    comparisons: Object.fromEntries(compared.map((id) => [id, smallestReaching(rows, target, (r) => r.comparisons[id])])),
    all: hasStated ? smallestReaching(rows, target, (r) => r.all ?? 0) : null,
  }));
  let monteCarloSe = 0;
  for (const row of rows) {
    for (const p of [...Object.values(row.comparisons), row.any, row.all ?? 0]) {
      monteCarloSe = Math.max(monteCarloSe, Math.sqrt((p * (1 - p)) / simulations));
    }
  }
  return { rows, targets, monteCarloSe };
}

/** Power rows with their 95 % Wilson intervals (Monte Carlo uncertainty of each share of S simulations). */
export function powerRow(participants: number, compared: readonly string[], hits: readonly number[], allHits: number | null, anyHits: number, simulations: number, extra: Partial<PowerRow> = {}): PowerRow {
  const share = (k: number) => k / simulations;
  return {
    participants,
    comparisons: Object.fromEntries(compared.map((id, j) => [id, share(hits[j])])),
    intervals: Object.fromEntries(compared.map((id, j) => [id, wilsonInterval(hits[j], simulations) as [number, number]])),
    all: allHits === null ? null : share(allHits),
    any: share(anyHits),
    ...extra,
  };
}

/** Fills `out` with the defined ratios of n simulated participants; returns how many are defined. */
function drawRatios(denominators: Int32Array, spread: RateDistribution, n: number, out: Float64Array, rng: RandomStream): number {
  const choices = denominators.length;
  let defined = 0;
  for (let i = 0; i < n; i++) {
    const trials = choices === 1 ? denominators[0] : denominators[Math.floor(rng.uniform() * choices)];
    const rate = spread.draw(rng);
    if (trials === 0) continue;
    out[defined++] = binomialVariate(trials, rate, rng) / trials;
  }
  return defined;
}

function smallestReaching(rows: readonly PowerRow[], target: number, power: (row: PowerRow) => number): number | null {
  return rows.find((row) => power(row) >= target)?.participants ?? null;
}
