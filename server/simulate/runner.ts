/**
 * A simulation run: N bots, at most C at a time, against one server; which bots drop out and which are inattentive
 * is drawn once from the seed (exactly round(fraction x N) of each, independently). Returns the summary the CLI
 * prints: outcomes, errors, throughput and latency percentiles.
 */
import { createRng, seedFor } from '../../experiments/random.ts';
import type { Experiment } from '../../experiments/model.ts';
import { runBot, type AcknowledgedAnswer, type BotPlan, type BotResult } from './bot.ts';
import type { Target } from './browser-client.ts';
import { expertKnowledge } from './expert-knowledge.ts';
import type { Policy } from './policies.ts';
import { expectedPageCount } from './page-count.ts';

export interface SimulationOptions {
  experiment: Experiment;
  target: Target;
  participants: number;
  concurrency: number;
  policy: Policy;
  seed: number;
  /** Simulated seconds per real second (Infinity: no waiting). */
  speed: number;
  /** Fractions of bots that drop out at a random page / fail attention checks. */
  dropout: number;
  inattentive: number;
  language?: 'fr' | 'en';
  /** How long a bot keeps trying to reach an unreachable server before giving up. */
  retryForMs?: number;
  /** In-process runs: each bot sends its own X-Forwarded-For address (the join rate limit is per address). */
  distinctAddresses?: boolean;
  onProgress?: (done: number, total: number) => void;
  onAcknowledged?: (ack: AcknowledgedAnswer) => void;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SimulationSummary {
  participants: number;
  completed: number;
  dropped: number;
  /** Bots that ended on an error (their message and participant). */
  errors: { bot: number; participantId: string | null; message: string }[];
  /** Bots meant to finish that did not (errors included). */
  unfinished: number;
  requests: number;
  /** HTTP answers with status >= 500. */
  serverErrors: number;
  networkRetries: number;
  /** Decisions sent before a delayed advice, refused by the server (policy `hasty`). */
  earlyRefusals: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  bots: BotResult[];
  /** True when every bot not meant to drop out completed, with no error. */
  ok: boolean;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const { experiment, participants: n } = options;
  const language = options.language ?? experiment.file.languages[0];
  const knowledge = expertKnowledge(experiment, language);
  const plans = botPlans(options, language);
  const latencies: number[] = [];
  let serverErrors = 0;
  const results: BotResult[] = new Array(n);
  let next = 0;
  let done = 0;
  const started = performance.now();
  options.onProgress?.(0, n);
  const worker = async () => {
    while (next < n) {
      const plan = plans[next++];
      results[plan.index] = await runBot(plan, {
        experiment,
        knowledge,
        target: options.target,
        speed: options.speed,
        retryForMs: options.retryForMs ?? 10_000,
        forwardedFor: options.distinctAddresses ? addressOf(plan.index) : undefined,
        onResponse: (ms, status) => {
          latencies.push(ms);
          if (status >= 500) serverErrors++;
        },
        onAcknowledged: options.onAcknowledged,
      });
      options.onProgress?.(++done, n);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, n)) }, worker));
  const durationMs = performance.now() - started;
  const errors = results.filter((r) => r.outcome === 'error').map((r) => ({ bot: r.index, participantId: r.participantId, message: r.error ?? 'unknown error' }));
  const unfinished = results.filter((r, i) => plans[i].dropAfter === null && r.outcome !== 'completed').length;
  return {
    participants: n,
    completed: results.filter((r) => r.outcome === 'completed').length,
    dropped: results.filter((r) => r.outcome === 'dropped').length,
    errors,
    unfinished,
    requests: latencies.length,
    serverErrors,
    networkRetries: results.reduce((s, r) => s + r.networkRetries, 0),
    earlyRefusals: results.reduce((s, r) => s + r.earlyRefusals, 0),
    durationMs,
    requestsPerSecond: durationMs > 0 ? (latencies.length * 1000) / durationMs : 0,
    latencyMs: latencySummary(latencies),
    bots: results,
    ok: errors.length === 0 && unfinished === 0,
  };
}

function botPlans(options: SimulationOptions, language: 'fr' | 'en'): BotPlan[] {
  const n = options.participants;
  const pick = (fraction: number, what: string) => {
    const chosen = createRng(seedFor(options.seed, what)).shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.round(fraction * n));
    return new Set(chosen);
  };
  const dropping = pick(options.dropout, 'dropout');
  const inattentive = pick(options.inattentive, 'inattentive');
  const pages = expectedPageCount(options.experiment);
  return Array.from({ length: n }, (_, index) => ({
    index,
    seed: options.seed,
    policy: options.policy,
    language,
    // A drop-out leaves after answering between 1 page (consent) and all but the last one.
    dropAfter: dropping.has(index) ? createRng(seedFor(options.seed, index, 'drop-at')).int(1, Math.max(1, pages - 1)) : null,
    inattentive: inattentive.has(index),
  }));
}

/** A distinct private address per bot (10.x.y.z), for the per-address join rate limit. */
function addressOf(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

/** Nearest-rank percentiles of the request latencies, in ms. */
export function latencySummary(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1] };
}
