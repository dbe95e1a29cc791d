/**
 * Sharding (issue #15, item 4): the recommended shard key of each collection (schema.ts, README "Sharding") is one a
 * sharded MongoDB accepts with the store's indexes, and the store's single-document operations go to one shard.
 * MongoDB requires every unique index of a sharded collection to start with the shard key's fields
 * (sh.shardCollection refuses otherwise), and an updateOne without the full shard key in its filter must be
 * broadcast (before 7.0, refused). Both are checked here: the indexes from the specs, the filters from the repository's
 * real calls through a wrapped Collection.
 */
import { describe, expect, it } from 'vitest';
import { COLLECTION_SPECS } from '../../server/store/schema.ts';
import { experiment, minutesAfter, participant, response, T0, trial, unassigned } from './fixtures.ts';
import { openWrappedStore, type OperationCall } from './wrapped-database.ts';

const STALE_BEFORE = minutesAfter(T0, -30);
const shardKeys = new Map(COLLECTION_SPECS.flatMap((spec) => (spec.shardKey ? [[spec.name, Object.keys(spec.shardKey)] as const] : [])));

describe('recommended shard keys', () => {
  it('shards the collections that grow with participants, and leaves the small ones unsharded', () => {
    expect(Object.fromEntries(COLLECTION_SPECS.map((s) => [s.name, s.shardKey ?? null]))).toEqual({
      experiments: null,
      participants: { id: 'hashed' },
      trials: { participantId: 'hashed' },
      responses: { participantId: 'hashed' },
      plans: { participantId: 'hashed' },
      events: { experimentId: 1, seq: 1 },
      assignments: null,
      sessions: null,
      joinKeys: { key: 1 },
    });
  });

  it.each(COLLECTION_SPECS.filter((s) => s.shardKey).map((s) => [s.name, s] as const))('%s: every unique index starts with the shard key', (_name, spec) => {
    const keyFields = Object.keys(spec.shardKey!);
    const unique = spec.indexes.filter((i) => i.unique);
    expect(unique.length).toBeGreaterThan(0);
    for (const index of unique) expect(Object.keys(index.fields).slice(0, keyFields.length)).toEqual(keyFields);
  });

  it('every single-document write on a sharded collection names its shard key (one shard)', async () => {
    const writes: OperationCall[] = [];
    const opened = await openWrappedStore({
      before: (c) => {
        if (shardKeys.has(c.collection) && (c.operation === 'insertOne' || c.operation === 'updateOne' || c.operation === 'findOneAndUpdate')) writes.push(c);
      },
    });
    const { store } = opened;
    try {
      await store.openExperiment(experiment());
      const plain = participant();
      await store.insertParticipant({ ...plain, plan: { cases: ['c1'] } });
      const claimed = (await store.claimCondition(unassigned(), () => 'A', { staleBefore: STALE_BEFORE, planFor: () => ({ cases: ['c2'] }) }))!;
      await store.claimCondition(unassigned(), () => 'A', { staleBefore: STALE_BEFORE });
      await store.recordTrial(trial(claimed), { participant: claimed, advance: { expected: claimed, next: { step: claimed.step, stepIndex: claimed.stepIndex + 1, language: 'en' } } });
      await store.recordTrial(trial(claimed, { phase: 'final' }));
      await store.recordResponses([response(claimed)]);
      await store.appendEvent('signaux-faibles', { type: 'tick', participantId: claimed.id });
      await store.touch(claimed.id, minutesAfter(T0, 5));
      await store.setLanguage(claimed.id, 'fr', { expectedStep: claimed.step });
      await store.setStatus(plain.id, 'withdrawn', { expected: 'active' });
      await store.claimJoinKey('signaux-faibles\u0000label\u0000abc', T0);
      await store.takeOverJoinKey('signaux-faibles\u0000label\u0000abc', T0, minutesAfter(T0, 2));
      await store.eraseParticipant(claimed.id);
    } finally {
      await opened.cleanup();
    }
    const seen = new Set(writes.map((w) => `${w.collection}.${w.operation}`));
    expect([...seen].sort()).toEqual(
      ['events.insertOne', 'joinKeys.insertOne', 'joinKeys.updateOne', 'participants.findOneAndUpdate', 'participants.insertOne', 'participants.updateOne', 'plans.insertOne', 'responses.insertOne', 'trials.insertOne'].sort(),
    );
    for (const write of writes) {
      const filter = write.filter as Record<string, unknown>;
      for (const field of shardKeys.get(write.collection)!) {
        const value = filter[field];
        expect(typeof value === 'string' || typeof value === 'number', `${write.collection}.${write.operation} ${field}: ${JSON.stringify(value)}`).toBe(true);
      }
    }
  });
});
