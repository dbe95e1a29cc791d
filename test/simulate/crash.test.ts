/**
 * Crash under load: 100 bots take part in a study served by `confiance serve` (a child process, embedded store);
 * at a random moment mid-study the server is killed with SIGKILL and restarted on the same DATA_DIR and port. Every
 * bot keeps trying its participant link, resumes where the server says and completes; every decision a bot saw
 * acknowledged (the redirect after its POST) is in the store exactly once, with the answer the bot gave.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment } from '../../experiments/load.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import { openStore } from '../../server/store/index.ts';
import { startServe, type ServeProcess } from './serve-process.ts';
import { storedDecisions } from './stored-decisions.ts';

const STUDIES = 'test/simulate/fixtures/studies';
const BOTS = 100;
/** Decisions per participant of sim-crash: 4 two-stage trials and one instructed-response check, two-stage too. */
const DECISIONS = 10;
const CONCURRENCY = 25;

let dataDir = '';
const servers: ServeProcess[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('crash under load', () => {
  it('SIGKILL mid-study, restart on the same data: acknowledged decisions stored exactly once, every bot completes', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'confiance-crash-'));
    const first = await startServe({ dataDir, experimentsDir: STUDIES });
    servers.push(first);
    const experiment = await loadExperiment(join(STUDIES, 'sim-crash', 'experiment.yaml'));
    const target = { url: first.url };

    // Kill after a random share (25% to 60%) of all decisions has been acknowledged.
    const killAfter = Math.round(BOTS * DECISIONS * (0.25 + 0.35 * Math.random()));
    const acks: AcknowledgedAnswer[] = [];
    let decisions = 0;
    let completedAtKill = -1;
    let finished = 0;
    let restart: Promise<void> | null = null;
    const onAcknowledged = (ack: AcknowledgedAnswer) => {
      acks.push(ack);
      if (ack.kind === 'trial' && ++decisions === killAfter) {
        completedAtKill = finished;
        restart = (async () => {
          await first.stop('SIGKILL');
          const second = await startServe({ dataDir, experimentsDir: STUDIES, port: first.port });
          servers.push(second);
        })();
      }
    };

    const summary = await runSimulation({
      experiment,
      target,
      participants: BOTS,
      concurrency: CONCURRENCY,
      policy: parsePolicy('random:0.5'),
      seed: 11,
      speed: Infinity,
      dropout: 0,
      inattentive: 0,
      retryForMs: 90_000,
      onAcknowledged,
      onProgress: (done) => (finished = done),
    });
    await restart;
    const context = `killed after ${killAfter} decisions; server output:\n${servers.map((s) => s.output()).join('\n---\n')}`;
    expect(servers, context).toHaveLength(2);
    expect(completedAtKill, context).toBeLessThan(BOTS);
    expect(summary.errors, context).toEqual([]);
    expect(summary.completed).toBe(BOTS);
    expect(summary.networkRetries, 'the bots met the dead server').toBeGreaterThan(0);

    await servers[1].stop('SIGTERM');
    const store = await openStore({ dataDir });
    try {
      const stored = await storedDecisions(store, experiment, acks);
      // Each bot had at most one answer in flight when the server died: stored, maybe, but never acknowledged.
      expect(stored.length).toBeGreaterThanOrEqual(BOTS * DECISIONS - CONCURRENCY);
      expect(stored.length).toBeLessThanOrEqual(BOTS * DECISIONS);
      for (const { ack, records } of stored) {
        expect(records, `${ack.participantId} ${ack.at}`).toHaveLength(1);
        expect(String(records[0].decision)).toBe(ack.decision);
        expect(records[0].confidence).toBe(Number(ack.certainty));
      }
      for (const bot of summary.bots) {
        const participant = await store.getParticipant(bot.participantId!);
        expect(participant?.status).toBe('completed');
        const records = [];
        for await (const t of store.trials('sim-crash', { participantId: bot.participantId! })) records.push(t);
        // Nothing twice: one record per decision page, whatever was resubmitted around the crash.
        expect(records).toHaveLength(DECISIONS);
        expect(new Set(records.map((r) => `${r.trialIndex}:${r.phase}`)).size).toBe(DECISIONS);
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
