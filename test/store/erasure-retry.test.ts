/**
 * Erasure after a failover (issue #15, item 4): an erasure that fails at any store operation, before it is applied
 * or after it was applied with its acknowledgement lost (as a MongoDB failover or time limit produces), and is run
 * again, finishes the job: nothing of the participant is left in any byte of the store, the erasure is logged exactly
 * once with the counts found at the start, the chain verifies, and the other participant keeps everything. Failures
 * are injected on the Collection interface (wrapped-database.ts) that both drivers implement.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParticipantDoc, Store } from '../../server/store/index.ts';
import { collect, experiment, minutesAfter, participant, response, T0, trial, unassigned } from './fixtures.ts';
import { failureInjector, openWrappedStore, type Injection } from './wrapped-database.ts';

const STUDY = 'signaux-faibles';
const STALE_BEFORE = minutesAfter(T0, -30);

/** Every byte under the store's directory, as text. */
async function rawDump(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return parts.join('\n');
}

/** A store with two participants, each with two trial phases, an answer and an event; the second is to be erased. */
async function scenario(injection: Injection | null) {
  const injector = failureInjector(injection);
  const opened = await openWrappedStore(injector.hooks);
  const store: Store = opened.store;
  await store.openExperiment(experiment());
  const kept: ParticipantDoc = participant();
  await store.insertParticipant(kept);
  const erased = (await store.claimCondition(unassigned({ labelHash: 'erased-label-hash' }), () => 'A', { staleBefore: STALE_BEFORE }))!;
  for (const p of [kept, erased]) {
    await store.recordTrial(trial(p));
    await store.recordTrial(trial(p, { phase: 'final' }));
    await store.recordResponses([response(p)]);
    await store.appendEvent(STUDY, { type: 'participant.joined', participantId: p.id, data: { condition: p.condition } });
  }
  return {
    ...opened,
    kept,
    erased,
    operations: injector.operations,
    erase: () => injector.during(() => store.eraseParticipant(erased.id)),
  };
}

async function expectErasedOnce(s: Awaited<ReturnType<typeof scenario>>): Promise<void> {
  const dump = await rawDump(s.dir);
  expect(dump).not.toContain(s.erased.id);
  expect(dump).not.toContain('erased-label-hash');
  expect(dump).toContain(s.kept.id);
  expect(await s.store.getParticipant(s.erased.id)).toBeNull();
  expect(await collect(s.store.trials(STUDY, { participantId: s.kept.id }))).toHaveLength(2);
  expect(await collect(s.store.responses(STUDY, { participantId: s.kept.id }))).toHaveLength(1);
  const events = await collect(s.store.events(STUDY));
  const logged = events.filter((e) => e.type === 'participant.erased');
  expect(logged).toHaveLength(1);
  expect(logged[0].data).toMatchObject({ trials: 2, responses: 1, redactedEvents: 1 });
  expect(events.filter((e) => e.redacted)).toHaveLength(1);
  expect(await s.store.verifyChain(STUDY)).toMatchObject({ ok: true, count: 3 });
}

describe('erasure interrupted at any store operation, then run again', async () => {
  const clean = await scenario(null);
  const result = await clean.erase();
  const operations = [...clean.operations];
  await expectErasedOnce(clean);
  await clean.cleanup();

  it('runs a known sequence of operations when nothing fails', () => {
    expect(result).toEqual({ participant: true, trials: 2, responses: 1, redactedEvents: 1 });
    expect(operations.length).toBeGreaterThanOrEqual(12);
    expect(operations.at(-1)).toBe('participants.deleteMany');
  });

  const cases = operations.flatMap((operation, at) => (['before', 'after'] as const).map((when) => ({ operation, at, when })));
  it.each(cases)('failing $when operation $at ($operation): the second run finishes the job, logged once', async ({ at, when }) => {
    const s = await scenario({ at, when });
    try {
      await expect(s.erase()).rejects.toThrow(/injected failure/);
      const second = await s.erase();
      // Once the participant document is gone (the last operation), there is nothing left to count.
      if (second.participant) expect(second).toEqual({ participant: true, trials: 2, responses: 1, redactedEvents: 1 });
      else expect(at === operations.length - 1 && when === 'after').toBe(true);
      await expectErasedOnce(s);
      // A third run finds nothing and changes nothing.
      expect(await s.erase()).toEqual({ participant: false, trials: 0, responses: 0, redactedEvents: 0 });
      await expectErasedOnce(s);
    } finally {
      await s.cleanup();
    }
  });
});
