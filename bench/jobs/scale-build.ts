/**
 * Benchmark job (run as a child process by scale.bench.ts): builds an embedded store of N participants of the
 * benchmark study with their audit events and one trial each, as a study of that size leaves it: 80 % completed,
 * 10 % active (half of them gone stale), 6 % withdrawn, 4 % declined, over the study's four conditions. The experiment
 * is opened through the store; the participants, their events (a valid hash chain) and their trials are written as
 * files in the store's own line format, because writing 100,000 participants through the store, one fdatasync each,
 * would take most of the benchmark's time. The store then opens them as it opens any data directory.
 * Usage: scale-build.ts <dataDir> <participants>
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadExperiment } from '../../experiments/load.ts';
import { contentHash, eventHash, GENESIS_HASH } from '../../server/store/audit-chain.ts';
import { nedbModel } from '../../server/store/embedded/nedb.ts';
import { encodeName } from '../../server/store/embedded/partition-files.ts';
import { openStore, type EventRecord, type ParticipantStatus, type Step } from '../../server/store/index.ts';
import { CONDITIONS, participantId } from '../population/trial-population.ts';
import { BENCH_EXPERIMENT } from './bench-experiment.ts';

const [dataDir, participantsArg] = process.argv.slice(2);
if (!participantsArg) throw new Error('usage: scale-build.ts <dataDir> <participants>');
const participants = Number(participantsArg);

/** Writes lines through a stream, waiting when its buffer is full. */
async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const experiment = await loadExperiment(join(import.meta.dirname, '..', '..', 'experiments', 'studies', BENCH_EXPERIMENT, 'experiment.yaml'));
const store = await openStore({ dataDir });
const opened = new Date(Date.now() - 60 * 86_400_000);
const doc = await store.openExperiment({
  id: BENCH_EXPERIMENT, configHash: experiment.configHash, version: experiment.file.version, config: experiment.file, status: 'open', openedAt: opened,
});
await store.close();

/** Status, step and last activity of participant i (deterministic). */
function stateOf(i: number, createdAt: Date): { status: ParticipantStatus; step: Step; lastActivityAt: Date } {
  const r = i % 50;
  if (r < 40) return { status: 'completed', step: 'debrief', lastActivityAt: new Date(createdAt.getTime() + 20 * 60_000) };
  if (r < 43) return { status: 'withdrawn', step: 'trials', lastActivityAt: new Date(createdAt.getTime() + 8 * 60_000) };
  if (r < 45) return { status: 'declined', step: 'consent', lastActivityAt: createdAt };
  // Active: the first half gone stale long ago, the other half answering now.
  return r < 48
    ? { status: 'active', step: 'trials', lastActivityAt: new Date(createdAt.getTime() + 5 * 60_000) }
    : { status: 'active', step: 'trials', lastActivityAt: new Date() };
}

const spacingMs = (55 * 86_400_000) / participants;
const participantLines: string[] = [];
const eventLines: string[] = [];
let seq = 0;
let prevHash = GENESIS_HASH;
const event = (type: string, participant: string, at: Date): void => {
  seq += 1;
  const fields = { experimentId: doc.id, seq, type, at, contentHash: contentHash(participant, undefined), prevHash };
  const record: EventRecord = { ...fields, participantId: participant, hash: eventHash(fields) };
  eventLines.push(`${nedbModel.serialize(record)}\n`);
  prevHash = record.hash;
};
await mkdir(join(dataDir, 'trials', encodeName(doc.id)), { recursive: true });
for (let i = 0; i < participants; i += 1) {
  const id = participantId(i);
  const createdAt = new Date(opened.getTime() + i * spacingMs);
  const state = stateOf(i, createdAt);
  const condition = CONDITIONS[i % CONDITIONS.length];
  const participant = {
    id, experimentId: doc.id, configHash: doc.configHash, condition, seed: i, step: state.step, stepIndex: 0, status: state.status,
    language: 'fr', createdAt, lastActivityAt: state.lastActivityAt, ...(state.status === 'completed' ? { completedAt: state.lastActivityAt } : {}),
  };
  participantLines.push(`${nedbModel.serialize({ ...participant, _id: id })}\n`);
  event('participant_joined', id, createdAt);
  if (state.status !== 'declined') event('consent_given', id, new Date(createdAt.getTime() + 60_000));
  if (state.status === 'completed') event('participant_completed', id, state.lastActivityAt);
  if (state.status === 'withdrawn') event('participant_withdrew', id, state.lastActivityAt);
  if (state.status !== 'declined') {
    const trial = {
      experimentId: doc.id, configHash: doc.configHash, participantId: id, condition, trialIndex: 0, practice: false, phase: 'initial',
      caseId: 'sf-001', truth: 'contacter', advice: null, decision: 'contacter', confidence: 4, serverRtMs: 4200, createdAt,
    };
    await writeFile(join(dataDir, 'trials', encodeName(doc.id), `${encodeName(id)}.jsonl`), `${nedbModel.serialize(trial)}\n`);
  }
}
await writeLines(join(dataDir, 'participants.db'), participantLines);
await mkdir(join(dataDir, 'events'), { recursive: true });
await writeLines(join(dataDir, 'events', `${encodeName(doc.id)}.jsonl`), eventLines);
process.stdout.write(JSON.stringify({ participants, events: seq }) + '\n');
