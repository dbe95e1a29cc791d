/**
 * Benchmark job (run as a child process by export.bench.ts): fills an embedded store with the benchmark population
 * as the participant flow would write it: one participant document each, then one TrialRecord per phase (initial
 * without advice, final with it), `concurrency` participants in flight so that writes share fsyncs as concurrent
 * participants do. The store has no bulk insert, so this is the same path as real submissions.
 * Usage: fill-store.ts <dataDir> <participants> <trialsPerParticipant> <concurrency> <resultFile>
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadExperiment } from '../../experiments/load.ts';
import { openStore, type TrialRecord } from '../../server/store/index.ts';
import { CONDITIONS, participantTrials, type PopulationSpec } from '../population/trial-population.ts';

import { BENCH_EXPERIMENT } from './bench-experiment.ts';

const [dataDir, participantsArg, trialsArg, concurrencyArg, resultFile] = process.argv.slice(2);
if (!resultFile) throw new Error('usage: fill-store.ts <dataDir> <participants> <trialsPerParticipant> <concurrency> <resultFile>');
const spec: PopulationSpec = { participants: Number(participantsArg), trialsPerParticipant: Number(trialsArg), conditions: CONDITIONS, seed: 1 };
const concurrency = Number(concurrencyArg);

const experiment = await loadExperiment(join(import.meta.dirname, '..', '..', 'experiments', 'studies', BENCH_EXPERIMENT, 'experiment.yaml'));
const store = await openStore({ dataDir });
const opened = new Date('2026-01-05T08:00:00Z');
const doc = await store.openExperiment({
  id: BENCH_EXPERIMENT,
  configHash: experiment.configHash,
  version: experiment.file.version,
  config: experiment.file,
  status: 'open',
  openedAt: opened,
});

const started = performance.now();
let next = 0;
let records = 0;
async function worker(): Promise<void> {
  while (next < spec.participants) {
    const index = next++;
    const trials = participantTrials(spec, index);
    const at = new Date(opened.getTime() + index * 1000);
    await store.insertParticipant({
      id: trials[0].participantId, experimentId: doc.id, configHash: doc.configHash, condition: trials[0].condition,
      seed: index, step: 'debrief', stepIndex: 0, status: 'completed', language: 'fr', createdAt: at, lastActivityAt: at, completedAt: at,
    });
    for (const t of trials) {
      const base = {
        experimentId: doc.id, configHash: doc.configHash, participantId: t.participantId, condition: t.condition,
        trialIndex: t.trialIndex, practice: false, caseId: t.caseId, truth: t.truth, createdAt: at,
      };
      const initial: TrialRecord = { ...base, phase: 'initial', advice: null, decision: t.initial, confidence: 4, serverRtMs: t.initialRtMs };
      const final: TrialRecord = {
        ...base, phase: 'final', decision: t.final, confidence: 5, serverRtMs: t.finalRtMs,
        advice: { recommendation: t.aiAdvice, confidence: t.aiConfidence, explanation: t.condition, correct: t.aiCorrect },
      };
      await store.recordTrial(initial);
      await store.recordTrial(final);
      records += 2;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker()));
const fillMs = performance.now() - started;
await store.close();
await writeFile(resultFile, JSON.stringify({ participants: spec.participants, trials: spec.participants * spec.trialsPerParticipant, records, fillMs }));
