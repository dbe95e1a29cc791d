/**
 * Benchmark job (run as a child process by scale.bench.ts, after scale-build.ts): opens the embedded store of a
 * study of N participants and times what a participant's requests and the researcher's monitoring cost there:
 *   open        openStore (every collection ready to serve)
 *   join        claimCondition (counts, choice of the least-filled condition, trial plan) + the participant_joined event
 *   submission  one decision as the trial page stores it: the participant, their stored trials, recordTrial, advanceStep
 *   monitoring  the dashboard's monitoring view (server/researcher/monitoring/monitor.ts)
 * Each is repeated and reported as its median (ms), with the RSS after opening and the CPU time per submission (its
 * wall time includes waiting for the disk); the parent reads the peak RSS.
 * Usage: scale-measure.ts <dataDir> <resultFile>
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { monitor } from '../../server/researcher/monitoring/monitor.ts';
import { openStore, type ConditionCountMap, type ParticipantDoc } from '../../server/store/index.ts';
import { median } from '../../server/store/median.ts';
import { CONDITIONS } from '../population/trial-population.ts';
import { BENCH_EXPERIMENT } from './bench-experiment.ts';

const [dataDir, resultFile] = process.argv.slice(2);
if (!resultFile) throw new Error('usage: scale-measure.ts <dataDir> <resultFile>');
const JOINS = 40;
const SUBMISSIONS_PER_PARTICIPANT = 6;
const MONITORING_VIEWS = 7;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

const [store, openMs] = await timed(() => openStore({ dataDir }));
const rssAfterOpenMb = process.memoryUsage().rss / 1024 ** 2;
const doc = (await store.getExperiment(BENCH_EXPERIMENT))!;
const staleBefore = () => new Date(Date.now() - 30 * 60_000);

/** The least-assigned condition, as the participant flow balances them. */
const leastFilled = (counts: ConditionCountMap): string =>
  [...CONDITIONS].sort((a, b) => {
    const n = (c: string) => Object.values(counts[c] ?? {}).reduce((s, v) => s + v, 0);
    return n(a) - n(b);
  })[0];

const joinMs: number[] = [];
const joined: ParticipantDoc[] = [];
for (let i = 0; i < JOINS; i += 1) {
  const now = new Date();
  const [participant, ms] = await timed(async () => {
    const p = await store.claimCondition(
      {
        id: randomBytes(16).toString('base64url'), experimentId: doc.id, configHash: doc.configHash, seed: i, step: 'consent', stepIndex: 0,
        status: 'active', language: 'fr', createdAt: now, lastActivityAt: now,
      },
      leastFilled,
      { staleBefore: staleBefore(), planFor: (condition) => ({ condition, cases: Array.from({ length: 24 }, (_, k) => `sf-${k}`) }) },
    );
    await store.appendEvent(doc.id, { type: 'participant_joined', participantId: p!.id, at: now });
    return p!;
  });
  joinMs.push(ms);
  joined.push(participant);
}

for (const p of joined) await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'trials', stepIndex: 0 });
const submissionMs: number[] = [];
const cpuBefore = process.cpuUsage();
for (let k = 0; k < SUBMISSIONS_PER_PARTICIPANT; k += 1) {
  for (const p of joined) {
    const [, ms] = await timed(async () => {
      const participant = (await store.getParticipant(p.id))!;
      for await (const stored of store.trials(doc.id, { participantId: p.id })) void stored;
      await store.recordTrial({
        experimentId: doc.id, configHash: doc.configHash, participantId: p.id, condition: participant.condition, trialIndex: k, practice: false,
        phase: 'final', caseId: `sf-${k}`, truth: 'contacter', advice: null, decision: 'contacter', confidence: 4, serverRtMs: 3000, createdAt: new Date(),
      });
      await store.advanceStep(p.id, { step: 'trials', stepIndex: k }, { step: 'trials', stepIndex: k + 1 });
    });
    submissionMs.push(ms);
  }
}
const cpu = process.cpuUsage(cpuBefore);
const submissionCpuMs = (cpu.user + cpu.system) / 1000 / submissionMs.length;

const config = loadConfig({ DATA_DIR: dataDir, EXPERIMENTS_DIR: join(import.meta.dirname, '..', '..', 'experiments', 'studies') });
const registry = createRegistry({ dir: config.EXPERIMENTS_DIR, store });
const deps = { config, store, registry, secret: 'bench-secret-0123456789abcdefghij' };
const monitoringMs: number[] = [];
let view;
for (let i = 0; i < MONITORING_VIEWS; i += 1) {
  const [result, ms] = await timed(() => monitor(deps, doc, new Date()));
  view = result;
  monitoringMs.push(ms);
}
await store.close();
await writeFile(
  resultFile,
  JSON.stringify({
    openMs,
    rssAfterOpenMb,
    joinMs: median(joinMs),
    submissionMs: median(submissionMs),
    submissionMeanMs: submissionMs.reduce((s, v) => s + v, 0) / submissionMs.length,
    submissionCpuMs,
    monitoringMs: median(monitoringMs),
    monitoringFirstMs: monitoringMs[0],
    assigned: view?.totals.assigned,
  }),
);
