/**
 * A condition claim interrupted by a database failure (issue #15, item 4): each of the claim's store operations
 * fails, before it applies or after it applied with its acknowledgement lost (a network error, a failover), and the
 * claim is retried with the same participant id. The retry returns the participant, who exists exactly once, visible,
 * with their plan, counted once; the other participant is untouched. Failures are injected on the Collection
 * interface (wrapped-database.ts) that both drivers implement.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { collect, experiment, minutesAfter, T0, unassigned } from './fixtures.ts';
import { failureInjector, openWrappedStore, type Injection } from './wrapped-database.ts';

const STUDY = 'signaux-faibles';
const STALE_BEFORE = minutesAfter(T0, -30);
const planFor = (condition: string) => ({ condition, cases: ['c1', 'c2'] });

async function scenario(injection: Injection | null) {
  const injector = failureInjector(injection);
  const opened = await openWrappedStore(injector.hooks);
  const store: Store = opened.store;
  await store.openExperiment(experiment());
  // An earlier participant: the claim then also makes them visible (its "helping" step) before counting.
  const first = (await store.claimCondition(unassigned(), () => 'A', { staleBefore: STALE_BEFORE, planFor }))!;
  const joiner = unassigned();
  return {
    ...opened,
    first,
    joiner,
    operations: injector.operations,
    claim: () => injector.during(() => store.claimCondition(joiner, () => 'B', { staleBefore: STALE_BEFORE, planFor })),
  };
}

describe('condition claim interrupted at any store operation, then retried with the same participant id', async () => {
  const clean = await scenario(null);
  await clean.claim();
  const operations = [...clean.operations];
  await clean.cleanup();

  it('runs a known sequence of operations when nothing fails', () => {
    expect(operations).toContain('participants.insertOne');
    expect(operations).toContain('assignments.updateOne');
    expect(operations.at(-1)).toBe('plans.insertOne');
  });

  const cases = operations.flatMap((operation, at) => (['before', 'after'] as const).map((when) => ({ operation, at, when })));
  it.each(cases)('failing $when operation $at ($operation): the retry returns the one participant', async ({ at, when }) => {
    const s = await scenario({ at, when });
    try {
      await expect(s.claim()).rejects.toThrow(/injected failure/);
      const retried = await s.claim();
      expect(retried).toMatchObject({ id: s.joiner.id, condition: 'B', plan: planFor('B') });
      expect(await s.store.getParticipant(s.joiner.id)).toEqual(retried);
      const all = await collect(s.store.participants(STUDY));
      expect(all.map((p) => p.id).sort()).toEqual([s.first.id, s.joiner.id].sort());
      const counts = await s.store.countByCondition(STUDY, s.joiner.configHash, STALE_BEFORE);
      expect(counts).toEqual({
        A: { completed: 0, inProgress: 1, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 },
        B: { completed: 0, inProgress: 1, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 },
      });
      // A second retry changes nothing.
      expect(await s.claim()).toEqual(retried);
      expect(await collect(s.store.participants(STUDY))).toHaveLength(2);
    } finally {
      await s.cleanup();
    }
  });
});
