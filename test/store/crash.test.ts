import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { collect } from './fixtures.ts';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');
const RUNS = 6;

interface Acknowledged {
  participants: string[];
  trials: Map<string, Set<number>>;
  lastStep: Map<string, number>;
  events: Map<number, string>;
  erasures: number;
  /** The kill landed between 'erasing' and 'erased': during deletions or the compaction of the files. */
  killedDuringErasure: boolean;
}

/**
 * Starts the writer, kills it with SIGKILL `killAfterMs` after its first acknowledged trial (timed from then, not from
 * start-up, so that a slow machine cannot make a run kill a writer that acknowledged nothing), returns what it acknowledged.
 */
function runAndKill(dataDir: string, runTag: string, killAfterMs: number): Promise<Acknowledged> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, runTag], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: Acknowledged = { participants: [], trials: new Map(), lastStep: new Map(), events: new Map(), erasures: 0, killedDuringErasure: false };
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? ''; // a partial last line is not an acknowledgement
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'participant') acked.participants.push(a);
        else if (kind === 'trial') {
          if (acked.trials.size === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          if (!acked.trials.has(a)) acked.trials.set(a, new Set());
          acked.trials.get(a)!.add(Number(b));
        } else if (kind === 'step') acked.lastStep.set(a, Math.max(acked.lastStep.get(a) ?? 0, Number(b)));
        else if (kind === 'event') acked.events.set(Number(a), b);
        else if (kind === 'erasing') acked.killedDuringErasure = true;
        else if (kind === 'erased') {
          acked.erasures += 1;
          acked.killedDuringErasure = false;
        }
      }
    });
    child.on('error', reject);
    // 'exit' only after the kernel reaped the process: its lock on the data directory is then free to take over.
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (code ${code}): ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('embedded store under kill -9', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it(`keeps every acknowledged write exactly once across ${RUNS} SIGKILLs at random moments, and always reopens`, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'confiance-crash-'));
    dirs.push(dataDir);
    const allTrials = new Map<string, Set<number>>();
    const allEvents = new Map<number, string>();
    const killPoints: number[] = [];
    let killsDuringErasure = 0;

    for (let run = 0; run < RUNS; run += 1) {
      // Same directory every run: each writer starts on the files its predecessor was killed over.
      const killAfterMs = 30 + Math.floor(Math.random() * 500);
      killPoints.push(killAfterMs);
      const acked = await runAndKill(dataDir, `run${run}`, killAfterMs);
      if (acked.killedDuringErasure) killsDuringErasure += 1;
      for (const [p, indices] of acked.trials) allTrials.set(p, indices);
      for (const [seq, hash] of acked.events) allEvents.set(seq, hash);

      const store = await openStore({ dataDir });
      try {
        for (const [participantId, indices] of allTrials) {
          const stored = await collect(store.trials('crash-study', { participantId }));
          const storedIndices = stored.map((t) => t.trialIndex);
          expect(new Set(storedIndices).size, 'no trial stored twice').toBe(storedIndices.length);
          const missing = [...indices].filter((i) => !storedIndices.includes(i));
          expect(missing, `run ${run} (killed after ${killAfterMs} ms): acknowledged trials missing`).toEqual([]);
        }
        for (const [participantId, lastStep] of acked.lastStep) {
          const p = await store.getParticipant(participantId);
          expect(p?.stepIndex).toBeGreaterThanOrEqual(lastStep);
        }
        const events = await collect(store.events('crash-study'));
        const bySeq = new Map(events.map((e) => [e.seq, e.hash]));
        for (const [seq, hash] of allEvents) expect(bySeq.get(seq), `event ${seq}`).toBe(hash);
        expect(await store.verifyChain('crash-study')).toMatchObject({ ok: true });
        expect(acked.trials.size, `run ${run} acknowledged some trials before the kill`).toBe(1);
      } finally {
        await store.close();
      }
    }
    const total = [...allTrials.values()].reduce((n, s) => n + s.size, 0);
    console.log(`crash test: ${RUNS} kills at ${killPoints.join(', ')} ms after the first acknowledged trial; ${total} acknowledged trials, ${allEvents.size} events, all present; ${killsDuringErasure} kill(s) landed during an erasure/compaction`);
  }, 60_000);
});
