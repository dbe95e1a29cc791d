/**
 * Bots on cognitive forcing (fixture sim-forcing: advice on request with trial feedback, advice delayed by 1 s with a
 * summary every 2 trials), end to end through the server, the store, the export rows and the analysis: `ask` decides
 * how often a bot asks, `hasty` bots send a decision before the advice, are refused, and then succeed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeStoredRun } from '../../server/simulate/analyze-run.ts';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import type { TrialRecord } from '../../server/store/index.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderTable } from '../../analysis/report/table.ts';

let server: InProcessServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function run(policy: string, participants = 4) {
  server = await startInProcess({ experimentId: 'sim-forcing', experimentsDir: 'test/simulate/fixtures/studies' });
  const summary = await runSimulation({
    experiment: server.experiment,
    target: { url: server.url },
    participants,
    concurrency: participants,
    policy: parsePolicy(policy),
    seed: 9,
    speed: Infinity,
    dropout: 0,
    inattentive: 0,
    distinctAddresses: true,
  });
  const trials: TrialRecord[] = [];
  for await (const t of server.store.trials('sim-forcing')) trials.push(t);
  return { summary, trials, finals: trials.filter((t) => t.phase === 'final' && !t.practice) };
}

describe('bots and cognitive forcing', () => {
  it('ask=1: every on-request advice is asked for and, with always-follow, followed; the request time is stored', async () => {
    const { summary, finals } = await run('always-follow:ask=1');
    expect(summary.ok).toBe(true);
    const onRequest = finals.filter((t) => t.condition === 'on_request');
    expect(onRequest).toHaveLength(2 * 5);
    expect(onRequest.every((t) => t.adviceRequested === true && typeof t.adviceRequestMs === 'number')).toBe(true);
    expect(onRequest.filter((t) => !t.attentionCheck).every((t) => t.decision === t.advice!.recommendation)).toBe(true);
    expect(onRequest.filter((t) => !t.attentionCheck).map((t) => t.feedbackAfter)).toEqual(Array(8).fill('trial'));
  });

  it('ask=0: no advice is asked for; the bot decides on its own answer, stored as not requested', async () => {
    const { summary, finals } = await run('always-follow:ask=0');
    expect(summary.ok).toBe(true);
    const onRequest = finals.filter((t) => t.condition === 'on_request');
    expect(onRequest).toHaveLength(10);
    expect(onRequest.every((t) => t.adviceRequested === false && t.adviceRequestMs === undefined)).toBe(true);
  });

  it('hasty=1: each delayed decision is first refused, then taken after the wait, stored once', async () => {
    const { summary, finals, trials } = await run('always-follow:hasty=1');
    expect(summary.ok).toBe(true);
    const delayed = finals.filter((t) => t.condition === 'delayed');
    // Two bots in "delayed", five decision pages with advice each (4 trials and the instructed check).
    expect(delayed).toHaveLength(10);
    expect(summary.earlyRefusals).toBe(10);
    expect(delayed.every((t) => t.adviceDelayS === 1 && t.serverRtMs >= 1000)).toBe(true);
    expect(new Set(trials.map((t) => `${t.participantId}|${t.trialIndex}|${t.phase}`)).size).toBe(trials.length);
    expect(delayed.filter((t) => !t.attentionCheck).map((t) => t.feedbackAfter)).toEqual(Array.from({ length: 4 }, () => [undefined, 'block']).flat());
  });

  it('the export has the columns and the analysis the request rate, time to request and reliance when requested', async () => {
    await run('always-follow:ask=0.5', 8);
    const doc = (await server!.store.getExperiment('sim-forcing'))!;
    const lines: string[] = [];
    for await (const line of trialCsvLines(server!.store, doc)) lines.push(line.trimEnd());
    const header = lines[0].split(',');
    expect(header.slice(-4)).toEqual(['advice_requested', 'advice_request_ms', 'advice_delay_s', 'feedback_after']);
    const cells = lines.slice(1).map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    const onRequest = cells.filter((c) => c[col('condition')] === 'on_request');
    const asked = onRequest.filter((c) => c[col('advice_requested')] === '1');
    expect(onRequest.length).toBe(16);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThan(16);

    const result = await analyzeStoredRun(server!.store, 'sim-forcing', { resamples: 200 });
    const requests = result.descriptives.advice_requests!;
    expect(requests.map((r) => r.condition)).toEqual(['on_request']);
    const r = requests[0];
    expect(r.request_rate.k).toBe(asked.length);
    expect(r.request_rate.n).toBe(16);
    expect(r.time_to_request_ms.n).toBe(asked.length);
    // always-follow follows every advice it saw: agreement 1 when requested.
    expect(r.requested.agreement.value).toBe(1);
    const followedUnseen = onRequest.filter((c) => c[col('advice_requested')] === '0' && c[col('final')] === c[col('ai_advice')]).length;
    expect(r.not_requested.agreement).toEqual({ k: followedUnseen, n: 16 - asked.length, value: followedUnseen / (16 - asked.length) });
    // The same numbers in the three outputs.
    expect(JSON.parse(renderJson(result)).descriptives.advice_requests[0].request_rate.k).toBe(asked.length);
    const rate = `${(asked.length / 16).toFixed(3)} (${asked.length}/16)`;
    expect(renderTable(result)).toMatch(new RegExp(`Advice on request[\\s\\S]*on_request +4 +${rate.replace(/[()]/g, '\\$&')}`));
    expect(renderHtml(result)).toContain(`<td>${rate}</td>`);
  });
});
