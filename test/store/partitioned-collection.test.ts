import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuplicateKeyError } from '../../server/store/collection.ts';
import { nedbModel } from '../../server/store/embedded/nedb.ts';
import { parseLine } from '../../server/store/embedded/partition-files.ts';
import { PartitionedCollection } from '../../server/store/embedded/partitioned-collection.ts';
import { collect } from './fixtures.ts';

interface Rec {
  experimentId: string;
  participantId: string;
  n: number;
  tag?: string;
  at?: Date;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function collection(): Promise<{ dir: string; c: PartitionedCollection<Rec> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-partitioned-'));
  dirs.push(dir);
  const c = await PartitionedCollection.open<Rec>(dir, 'recs', [{ fields: { participantId: 1, n: 1 }, unique: true }]);
  return { dir, c };
}

/** Participants p1..p3 in experiment e1 (inserted out of order), p4 in e2. */
async function filled() {
  const made = await collection();
  const { c } = made;
  for (const [p, n] of [['p3', 2], ['p1', 3], ['p1', 1], ['p2', 5], ['p3', 1], ['p1', 2]] as const) {
    await c.insertOne({ experimentId: 'e1', participantId: p, n, tag: n % 2 ? 'odd' : 'even' });
  }
  await c.insertOne({ experimentId: 'e2', participantId: 'p4', n: 1, at: new Date('2026-01-02T03:04:05Z') });
  return made;
}

const pairs = (docs: Rec[]) => docs.map((d) => `${d.participantId}:${d.n}`);

describe('per-participant collection (embedded driver)', () => {
  it('streams in participant order, sorted within each participant, with skip and limit across participants', async () => {
    const { c } = await filled();
    const sort = { experimentId: 1, participantId: 1, n: 1 } as const;
    expect(pairs(await collect(c.find({ experimentId: 'e1' }, { sort })))).toEqual(['p1:1', 'p1:2', 'p1:3', 'p2:5', 'p3:1', 'p3:2']);
    expect(pairs(await collect(c.find({ experimentId: 'e1' }, { sort, skip: 2, limit: 3 })))).toEqual(['p1:3', 'p2:5', 'p3:1']);
    expect(pairs(await collect(c.find({ experimentId: 'e1' }, { sort: { participantId: -1, n: -1 } })))).toEqual(['p3:2', 'p3:1', 'p2:5', 'p1:3', 'p1:2', 'p1:1']);
  });

  it('sorts in memory an order that does not start with the participant', async () => {
    const { c } = await filled();
    expect(pairs(await collect(c.find({ experimentId: 'e1' }, { sort: { n: -1, participantId: 1 }, limit: 3 })))).toEqual(['p2:5', 'p1:3', 'p1:2']);
  });

  it('matches with nedb operators, counts and groups', async () => {
    const { c } = await filled();
    expect(pairs(await collect(c.find({ participantId: { $in: ['p3', 'p2'] }, n: { $gte: 2 } }, { sort: { participantId: 1 } })))).toEqual(['p2:5', 'p3:2']);
    expect(await c.count({ experimentId: 'e1', tag: 'odd' })).toBe(4);
    expect(await c.count({ at: { $exists: true } })).toBe(1);
    const groups = await c.countBy({ experimentId: 'e1' }, ['tag']);
    expect(groups.sort((a, b) => String(a.key.tag).localeCompare(String(b.key.tag)))).toEqual([
      { key: { tag: 'even' }, count: 2 },
      { key: { tag: 'odd' }, count: 4 },
    ]);
    expect((await c.findOne({ participantId: 'p4' }))?.at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(await c.findOne({ participantId: 'nobody' })).toBeNull();
  });

  it('hands out copies: changing a document read back changes nothing kept or stored', async () => {
    const { c } = await filled();
    const doc = (await c.findOne({ participantId: 'p1', n: 1 }))!;
    doc.tag = 'changed';
    expect((await c.findOne({ participantId: 'p1', n: 1 }))?.tag).toBe('odd');
  });

  it('refuses a duplicate key, also under concurrent inserts, and keeps the first', async () => {
    const { c } = await filled();
    await expect(c.insertOne({ experimentId: 'e1', participantId: 'p1', n: 2, tag: 'other' })).rejects.toBeInstanceOf(DuplicateKeyError);
    const racing = await Promise.allSettled(Array.from({ length: 10 }, () => c.insertOne({ experimentId: 'e1', participantId: 'p9', n: 1 })));
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await c.count({ participantId: 'p9' })).toBe(1);
    expect((await c.findOne({ participantId: 'p1', n: 2 }))?.tag).toBe('even');
    await expect(c.insertOne({ experimentId: 'e2', participantId: 'p1', n: 7 })).rejects.toThrow(/belongs to e1/);
  });

  it('updates one or many documents, durably, and refuses an update that breaks the unique key', async () => {
    const { dir, c } = await filled();
    expect(await c.updateOne({ experimentId: 'e1', tag: 'odd' }, { set: { tag: 'first' } })).toBe(true);
    expect(await c.count({ tag: 'first' })).toBe(1);
    expect(await c.updateMany({ participantId: 'p1' }, { set: { tag: 'p1' }, unset: [] })).toBe(3);
    expect(await c.updateMany({ participantId: 'p1' }, { unset: ['tag'] })).toBe(3);
    await expect(c.updateMany({ participantId: 'p3', n: 1 }, { set: { n: 2 } })).rejects.toBeInstanceOf(DuplicateKeyError);
    await c.close();
    const reopened = await PartitionedCollection.open<Rec>(dir, 'recs', [{ fields: { participantId: 1, n: 1 }, unique: true }]);
    expect((await collect(reopened.find({ participantId: 'p1' }))).map((d) => d.tag ?? null)).toEqual([null, null, null]);
    expect(pairs(await collect(reopened.find({ participantId: 'p3' }, { sort: { n: 1 } })))).toEqual(['p3:1', 'p3:2']);
    await expect(reopened.insertOne({ experimentId: 'e1', participantId: 'p1', n: 1 })).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('deletes part of a partition by rewriting it, a whole partition by removing its file', async () => {
    const { dir, c } = await filled();
    expect(await c.deleteMany({ participantId: 'p1', n: { $gte: 2 } })).toBe(2);
    expect(pairs(await collect(c.find({ participantId: 'p1' })))).toEqual(['p1:1']);
    expect(await c.deleteMany({ participantId: 'p3' })).toBe(2);
    expect(await readdir(path.join(dir, 'recs', 'e1'))).toHaveLength(2);
    expect(await c.deleteMany({ tag: 'even' })).toBe(0);
    expect(await c.count({})).toBe(3);
    await c.insertOne({ experimentId: 'e1', participantId: 'p3', n: 2 });
    expect(pairs(await collect(c.find({ experimentId: 'e1' }, { sort: { participantId: 1 } })))).toEqual(['p1:1', 'p2:5', 'p3:2']);
  });
});

describe('per-participant file lines', () => {
  it('reads a line exactly as nedb deserializes it, dates included (nested and in arrays)', () => {
    const doc = { a: 1, at: new Date('2026-03-01T09:00:00.123Z'), nested: { when: new Date(0), list: [new Date(5), 'x', null] }, s: '$$date' };
    const line = nedbModel.serialize(doc);
    expect(parseLine(line)).toEqual(nedbModel.deserialize(line));
    expect(parseLine(line)).toEqual(doc);
    expect((parseLine(line).nested as { when: Date }).when).toBeInstanceOf(Date);
  });
});
