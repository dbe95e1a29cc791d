/**
 * Child process of crash.test.ts: writes decisions to the embedded store in DATA_DIR (argv[2]) as fast as it can,
 * several in flight at once, and prints one line per acknowledged write, only after the store resolved it:
 *   ready
 *   trial <participantId> <trialIndex>
 *   step <participantId> <stepIndex>
 *   event <seq> <hash>
 *   erasing / erased (around an erasure, whose compaction of every file is the riskiest moment to die)
 * It also erases a throw-away participant now and then, which compacts every file, so kills land in compactions too.
 * It runs until killed. Run with: node --import tsx test/store/crash-writer.ts <dataDir> <runTag>
 */
import { randomBytes } from 'node:crypto';
import { openStore } from '../../server/store/index.ts';

const [dataDir, runTag = 'run'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-writer.ts <dataDir> <runTag>');

function line(text: string): void {
  // stdout on a pipe is synchronous on Linux: once written, the parent will read it even if we die right after.
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const store = await openStore({ dataDir });
  const now = new Date();
  const participant = {
    id: `${runTag}-${randomBytes(16).toString('base64url')}`,
    experimentId: 'crash-study',
    configHash: 'crash-hash',
    condition: 'A',
    seed: 1,
    step: 'trials' as const,
    stepIndex: 0,
    status: 'active' as const,
    language: 'fr' as const,
    createdAt: now,
    lastActivityAt: now,
    plan: { note: 'x'.repeat(200) },
  };
  await store.insertParticipant(participant);
  line(`participant ${participant.id}`);
  line('ready');

  let nextTrial = 0;
  let step = 0;
  const inFlight = 8;

  async function trialWriter(): Promise<void> {
    for (;;) {
      const trialIndex = nextTrial++;
      await store.recordTrial({
        experimentId: participant.experimentId,
        configHash: participant.configHash,
        participantId: participant.id,
        condition: participant.condition,
        trialIndex,
        practice: false,
        phase: 'initial',
        caseId: `case-${trialIndex}`,
        truth: 1,
        advice: { recommendation: 1, confidence: 0.7, explanation: 'facteurs principaux', correct: true },
        decision: trialIndex % 2,
        confidence: 50,
        serverRtMs: 1000,
        createdAt: new Date(),
      });
      line(`trial ${participant.id} ${trialIndex}`);
    }
  }

  async function stepWriter(): Promise<void> {
    for (;;) {
      const ok = await store.advanceStep(participant.id, { step: 'trials', stepIndex: step }, { step: 'trials', stepIndex: step + 1 });
      if (!ok) throw new Error(`advanceStep lost its own position at ${step}`);
      step += 1;
      line(`step ${participant.id} ${step}`);
    }
  }

  async function eventWriter(): Promise<void> {
    for (let i = 0; ; i += 1) {
      const event = await store.appendEvent(participant.experimentId, { type: 'tick', participantId: participant.id, data: { i } });
      line(`event ${event.seq} ${event.hash}`);
      if (i % 10 === 9) {
        const throwaway = { ...participant, id: `${runTag}-gone-${i}`, plan: undefined };
        await store.insertParticipant(throwaway);
        line('erasing');
        await store.eraseParticipant(throwaway.id);
        line('erased');
      }
    }
  }

  await Promise.all([...Array.from({ length: inFlight }, () => trialWriter()), stepWriter(), eventWriter()]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
