import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GroupCount } from '../../server/store/collection.ts';
import { KeyedCollection } from '../../server/store/embedded/keyed-collection.ts';
import { COLLECTION_SPECS } from '../../server/store/schema.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const spec = COLLECTION_SPECS.find((s) => s.name === 'participants')!;
const STATUSES = ['active', 'completed', 'withdrawn', 'declined'];
const STEPS = ['consent', 'trials', 'debrief'];

interface Doc {
  id: string;
  experimentId: string;
  configHash: string;
  condition: string;
  status: string;
  step: string;
  invited?: boolean;
  pendingClaim?: number;
  lastActivityAt: Date;
  createdAt: Date;
  completedAt?: Date;
}

/** Sorted by key, so that two lists of groups compare equal whatever their order. */
function sorted(groups: GroupCount[]): GroupCount[] {
  return [...groups].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
}

describe('keyed collection: counts kept on write', () => {
  it('answer like a scan of the documents after inserts, updates and deletions, and again after reopening', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-keyed-'));
    dirs.push(dir);
    let collection = await KeyedCollection.open<Doc>(dir, 'participants', spec.indexes, spec.embeddedCounts);
    // A small deterministic generator (LCG), so that a failure reproduces.
    let state = 7;
    const pick = <T>(values: readonly T[]): T => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return values[(state >>> 16) % values.length];
    };
    const ids: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const op = i < 60 ? 'insert' : pick(['insert', 'update', 'update', 'delete', 'claim']);
      if (op === 'insert' || ids.length === 0) {
        const id = `p${i}`;
        ids.push(id);
        await collection.insertOne({
          id, experimentId: pick(['study-a', 'study-b']), configHash: pick(['h1', 'h2']), condition: pick(['A', 'B', 'C']),
          status: pick(STATUSES), step: pick(STEPS), ...(pick([true, false]) ? { invited: true } : {}), lastActivityAt: new Date(i * 60_000),
          createdAt: new Date(i * 60_000), ...(pick([true, true, false]) ? { completedAt: new Date(i * 60_000 + pick([5, 12, 30, 31, 47]) * 60_000) } : {}),
        });
      } else if (op === 'update') {
        const set = pick([true, false]) ? { status: pick(STATUSES), step: pick(STEPS) } : { lastActivityAt: new Date(pick([30, 100, 150, 200, 250]) * 60_000) };
        await collection.updateOne({ id: pick(ids) }, { set });
      } else if (op === 'claim') {
        const id = pick(ids);
        await collection.updateOne({ id }, pick([true, false]) ? { set: { pendingClaim: i } } : { unset: ['pendingClaim'] });
      } else {
        const id = pick(ids);
        await collection.deleteMany({ id });
        ids.splice(ids.indexOf(id), 1);
      }
    }
    // `id` exists in every document but is not a counted field: those queries read the documents.
    const scanned = { id: { $exists: true } };
    const minute = (m: number) => new Date(m * 60_000);
    const queries: [Record<string, unknown>, string[]][] = [
      [{ experimentId: 'study-a', pendingClaim: { $exists: false } }, ['condition', 'status']],
      [{ experimentId: 'study-b', configHash: 'h1', pendingClaim: { $exists: false } }, ['condition', 'status']],
      [{ experimentId: 'study-a', status: 'active' }, ['step']],
      [{ experimentId: 'study-b', status: 'active', step: 'consent', invited: true }, []],
      [{ experimentId: 'study-a', invited: { $exists: true } }, ['step', 'invited']],
      [{ experimentId: 'study-a', status: 'active', lastActivityAt: { $lt: minute(150) } }, ['condition']],
      [{ experimentId: 'study-b', pendingClaim: { $exists: false }, lastActivityAt: { $gte: minute(40), $lte: minute(200) } }, ['step', 'invited']],
      [{ experimentId: 'study-a', lastActivityAt: { $gt: minute(100) } }, []],
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const [filter, fields] of queries) {
        const fromCounters = sorted(await collection.countBy(filter, fields));
        expect(fromCounters).toEqual(sorted(await collection.countBy({ ...filter, ...scanned }, fields)));
        expect(fromCounters.reduce((n, g) => n + g.count, 0), JSON.stringify(filter)).toBeGreaterThan(0);
        expect(await collection.count(filter)).toBe(await collection.count({ ...filter, ...scanned }));
      }
      for (const filter of [{ experimentId: 'study-a', status: 'completed' }, { experimentId: 'study-b' }, { experimentId: 'study-a', configHash: 'h2', invited: true }]) {
        const fromCounters = await collection.medianSpan(filter, 'createdAt', 'completedAt');
        expect(fromCounters).toBe(await collection.medianSpan({ ...filter, ...scanned }, 'createdAt', 'completedAt'));
        expect(fromCounters).not.toBeNull();
      }
      await collection.closeFile();
      collection = await KeyedCollection.open<Doc>(dir, 'participants', spec.indexes, spec.embeddedCounts);
    }
    await collection.closeFile();
  });

  it('runs compactions asked at once one after the other, losing no write made meanwhile', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-keyed-'));
    dirs.push(dir);
    const collection = await KeyedCollection.open<Doc>(dir, 'participants', spec.indexes, spec.embeddedCounts);
    const doc = (i: number): Doc => ({
      id: `p${i}`, experimentId: 'study-a', configHash: 'h1', condition: 'A', status: 'active', step: 'consent', lastActivityAt: new Date(i), createdAt: new Date(i),
    });
    await Promise.all(Array.from({ length: 3000 }, (_, i) => collection.insertOne(doc(i))));
    const updates = Array.from({ length: 300 }, (_, i) => collection.updateOne({ id: `p${i}` }, { set: { step: 'trials' } }));
    await Promise.all([collection.compact(), collection.compact(), ...updates, collection.compact()]);
    await collection.closeFile();
    const lines = (await readFile(path.join(dir, 'participants.db'), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3000);
    const reopened = await KeyedCollection.open<Doc>(dir, 'participants', spec.indexes, spec.embeddedCounts);
    expect(await reopened.count({ experimentId: 'study-a', step: 'trials' })).toBe(300);
    expect(await reopened.count({ experimentId: 'study-a' })).toBe(3000);
    await reopened.closeFile();
  });
});
