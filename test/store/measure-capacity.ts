/**
 * Capacity measurement of the embedded store for the README (not a test, no timing assertions):
 * N participants x T trials, written with C requests in flight (as concurrent participants would), then reopened
 * and streamed. Run: node --import tsx test/store/measure-capacity.ts <dataDir> [participants=1000] [trials=100] [concurrency=32]
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { openStore } from '../../server/store/index.ts';

const [dataDir, nArg = '1000', tArg = '100', cArg = '32'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: measure-capacity.ts <dataDir> [participants] [trials] [concurrency]');
const participants = Number(nArg);
const trialsEach = Number(tArg);
const concurrency = Number(cArg);

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let store = await openStore({ dataDir });
  const ids: string[] = [];
  const now = new Date();
  for (let i = 0; i < participants; i += 1) {
    const id = randomBytes(16).toString('base64url');
    ids.push(id);
    await store.insertParticipant({
      id, experimentId: 'capacity', configHash: 'h', condition: i % 2 ? 'A' : 'B', seed: i, step: 'trials', stepIndex: 0,
      status: 'active', language: 'fr', createdAt: now, lastActivityAt: now,
      plan: { cases: Array.from({ length: trialsEach }, (_, k) => `case-${k}`) },
    });
  }
  const jobs: Array<{ p: number; k: number }> = [];
  for (let k = 0; k < trialsEach; k += 1) for (let p = 0; p < participants; p += 1) jobs.push({ p, k });
  let next = 0;
  const tWrite = performance.now();
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const { p, k } = jobs[next++];
      await store.recordTrial({
        experimentId: 'capacity', configHash: 'h', participantId: ids[p], condition: p % 2 ? 'A' : 'B', trialIndex: k,
        practice: false, phase: 'final', caseId: `case-${k}`, truth: 'contact',
        advice: { recommendation: 'contact', confidence: 0.8, explanation: 'retards de paiement des cotisations', correct: true },
        decision: 'contact', confidence: 70, serverRtMs: 5000, clientRtMs: 4800, createdAt: new Date(),
      });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const writeS = (performance.now() - tWrite) / 1000;
  const total = participants * trialsEach;
  console.log(`wrote ${total} trials in ${writeS.toFixed(1)} s (${Math.round(total / writeS)} trials/s, ${concurrency} in flight, fsync each)`);
  await store.close();

  const files = await readdir(dataDir);
  let size = 0;
  for (const f of files) size += (await stat(path.join(dataDir, f))).size;
  console.log(`data directory: ${mb(size)}`);

  const heapBefore = process.memoryUsage().rss;
  const tOpen = performance.now();
  store = await openStore({ dataDir });
  console.log(`reopen: ${((performance.now() - tOpen) / 1000).toFixed(2)} s; RSS +${mb(process.memoryUsage().rss - heapBefore)} (total ${mb(process.memoryUsage().rss)})`);
  const tStream = performance.now();
  let streamed = 0;
  for await (const t of store.trials('capacity')) if (t.trialIndex >= 0) streamed += 1;
  console.log(`streamed ${streamed} trials in export order in ${((performance.now() - tStream) / 1000).toFixed(2)} s`);
  const tCount = performance.now();
  await store.countByCondition('capacity', 'h', new Date(0));
  console.log(`countByCondition over ${participants} participants: ${(performance.now() - tCount).toFixed(1)} ms`);
  const tRec = performance.now();
  await store.recordTrial({
    experimentId: 'capacity', configHash: 'h', participantId: ids[0], condition: 'B', trialIndex: trialsEach, practice: false,
    phase: 'final', caseId: 'x', truth: 1, advice: null, decision: 1, serverRtMs: 1, createdAt: new Date(),
  });
  console.log(`one more recordTrial at this size: ${(performance.now() - tRec).toFixed(1)} ms`);
  await store.close();
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
