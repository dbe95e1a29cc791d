/**
 * What the bots do, end to end through the server and read back from the store: policies at their extremes,
 * inattentive bots failing the instructed-response check, drop-outs leaving before the end, client timing sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation, type SimulationOptions } from '../../server/simulate/runner.ts';
import type { TrialRecord } from '../../server/store/index.ts';

let server: InProcessServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function run(options: Partial<SimulationOptions>) {
  server = await startInProcess({ experimentId: 'sim-crash', experimentsDir: 'test/simulate/fixtures/studies' });
  const acks: AcknowledgedAnswer[] = [];
  const summary = await runSimulation({
    experiment: server.experiment,
    target: { url: server.url },
    participants: 4,
    concurrency: 4,
    policy: parsePolicy('random:0.5'),
    seed: 3,
    speed: Infinity,
    dropout: 0,
    inattentive: 0,
    distinctAddresses: true,
    onAcknowledged: (a) => acks.push(a),
    ...options,
  });
  const trials: TrialRecord[] = [];
  for await (const t of server.store.trials('sim-crash')) trials.push(t);
  return { summary, acks, trials };
}

/** Final decisions on advice that the policy governs (attention checks, with advice like their neighbours, are not). */
const finalsWithAdvice = (trials: TrialRecord[]) => trials.filter((t) => t.phase === 'final' && t.advice !== null && t.attentionCheck !== true);

/** The confidence a participant of sim-crash is shown: 80 % stated in "none", the model's own (whole percent) else. */
function shownConfidence(t: TrialRecord): number {
  if (t.condition === 'none') return 0.8;
  const text = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(t.advice!.confidence!);
  return Number(text.replace(/[^\d]/g, '')) / 100;
}

describe('bot behaviour', () => {
  it('always-follow answers every advice; never-follow none, even when its first answer agreed', async () => {
    const always = await run({ policy: parsePolicy('always-follow') });
    expect(always.summary.completed).toBe(4);
    const a = finalsWithAdvice(always.trials);
    expect(a).toHaveLength(4 * 4);
    expect(a.every((t) => t.decision === t.advice!.recommendation)).toBe(true);
    await server!.close();
    server = null;
    const never = await run({ policy: parsePolicy('never-follow') });
    const n = finalsWithAdvice(never.trials);
    expect(n).toHaveLength(4 * 4);
    expect(n.every((t) => t.decision !== t.advice!.recommendation)).toBe(true);
  }, 60_000);

  it('confidence-threshold follows exactly when the confidence shown reaches t; calibrated when it exceeds q or agrees', async () => {
    const threshold = await run({ policy: parsePolicy('confidence-threshold:0.75'), participants: 6, concurrency: 6 });
    const t = finalsWithAdvice(threshold.trials);
    expect(new Set(t.map((x) => x.condition))).toEqual(new Set(['none', 'confidence']));
    for (const x of t) expect(x.decision === x.advice!.recommendation, `${x.condition} ${x.advice!.confidence}`).toBe(shownConfidence(x) >= 0.75);
    await server!.close();
    server = null;
    const calibrated = await run({ policy: parsePolicy('calibrated:0.7'), participants: 6, concurrency: 6 });
    const initial = new Map(calibrated.trials.filter((x) => x.phase === 'initial').map((x) => [`${x.participantId}:${x.trialIndex}`, x.decision]));
    for (const x of finalsWithAdvice(calibrated.trials)) {
      const agreed = initial.get(`${x.participantId}:${x.trialIndex}`) === x.advice!.recommendation;
      expect(x.decision === x.advice!.recommendation).toBe(agreed || shownConfidence(x) > 0.7);
    }
  }, 60_000);

  it('inattentive bots fail the instructed-response check; drop-outs stop before the end; decisions carry client times', async () => {
    const { summary, trials } = await run({ inattentive: 0.5, dropout: 0.5 });
    expect(summary.completed).toBe(2);
    expect(summary.dropped).toBe(2);
    expect(summary.ok).toBe(true);
    const checks = trials.filter((t) => t.attentionCheck === true && t.phase === 'final');
    const byBot = new Map(summary.bots.map((b) => [b.participantId, b]));
    // Drop-outs may leave before the check: count only those who answered it.
    expect(checks.length).toBeGreaterThanOrEqual(2);
    const wrong = checks.filter((t) => t.decision !== 'ne_pas_contacter').length;
    expect(wrong).toBeGreaterThanOrEqual(1);
    expect(wrong).toBeLessThanOrEqual(2);
    for (const bot of summary.bots.filter((b) => b.outcome === 'dropped')) {
      expect(trials.filter((t) => t.participantId === bot.participantId).length).toBeLessThan(9);
    }
    expect(byBot.size).toBe(4);
    // The page script's field, with the simulated (log-normal, >= 400 ms) time.
    expect(trials.every((t) => typeof t.clientRtMs === 'number' && t.clientRtMs >= 400)).toBe(true);
  }, 60_000);
});
