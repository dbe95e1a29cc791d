import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NedbDatastore } from '../../server/store/embedded/nedb.ts';
import { decodeName, encodeName } from '../../server/store/embedded/partition-files.ts';
import { ConflictError, openStore, StoreUnavailableError } from '../../server/store/index.ts';
import { collect, minutesAfter, participant, response, T0, trial } from './fixtures.ts';
import { contentHash, eventHash, GENESIS_HASH } from '../../server/store/audit-chain.ts';
import type { EventRecord } from '../../server/store/index.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-embedded-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A store with one participant and two trials, closed; returns its directory and the participant. */
async function storeWithTwoTrials() {
  const dir = await tempDir();
  const store = await openStore({ dataDir: dir });
  const p = participant();
  await store.insertParticipant(p);
  await store.recordTrial(trial(p, { trialIndex: 0 }));
  await store.recordTrial(trial(p, { trialIndex: 1 }));
  await store.close();
  return { dir, p };
}

/** The file holding a participant's records of one per-participant collection. */
function partitionFile(dir: string, collection: string, p: { experimentId: string; id: string }): string {
  return path.join(dir, collection, encodeName(p.experimentId), `${encodeName(p.id)}.jsonl`);
}

describe('embedded store files: nedb collections (participants, events, ...)', () => {
  it('nedb alone refuses to open a small file whose last line was torn by a crash (why the store repairs the tail)', async () => {
    const { dir } = await storeWithTwoTrials();
    const file = path.join(dir, 'participants.db');
    await appendFile(file, '{"id":"x","experimentId":"signaux-faibles","st');
    const raw = new NedbDatastore({ filename: file });
    await expect(raw.loadDatabaseAsync()).rejects.toThrow(/corrupt/);
  });

  it('opens after a torn last line and keeps every complete (acknowledged) write', async () => {
    const { dir, p } = await storeWithTwoTrials();
    await appendFile(path.join(dir, 'participants.db'), '{"id":"x","experimentId":"signaux-faibles","st');
    const store = await openStore({ dataDir: dir });
    expect((await store.getParticipant(p.id))?.step).toBe('consent');
    expect(await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'instructions', stepIndex: 0 })).toBe(true);
    await store.close();
    const reopened = await openStore({ dataDir: dir });
    expect((await reopened.getParticipant(p.id))?.step).toBe('instructions');
    await reopened.close();
  });

  it('refuses to start on a damaged line in the middle of a file, naming the file', async () => {
    const { dir, p } = await storeWithTwoTrials();
    await writeFile(path.join(dir, 'events.db'), `{"experimentId":"signaux-faibles","seq":1,"ty\n{"experimentId":"x","seq":2}\n`);
    void p;
    const opening = openStore({ dataDir: dir });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/events\.db/);
  });

  it('ignores a half-written compaction file left by a crash and keeps the data file', async () => {
    const { dir, p } = await storeWithTwoTrials();
    await writeFile(path.join(dir, 'participants.db~'), '{"id":"half-wri');
    const store = await openStore({ dataDir: dir });
    expect(await store.getParticipant(p.id)).not.toBeNull();
    await store.close();
  });
});

describe('embedded store files: per-participant collections (trials, responses, plans)', () => {
  it('keeps each participant\'s trials in one file named so that a case-insensitive file system cannot merge two ids', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const lines = (await readFile(partitionFile(dir, 'trials', p), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { trialIndex: number }).trialIndex)).toEqual([0, 1]);
    expect(encodeName('aB')).not.toBe(encodeName('Ab'));
    expect(encodeName('aB').toLowerCase()).toBe(encodeName('aB'));
    expect(decodeName(encodeName('aB'))).toBe('aB');
    expect(encodeName('signaux-faibles')).toBe('signaux-faibles');
    expect(await readFile(partitionFile(dir, 'plans', p), 'utf8')).toContain('adviceCorrect');
  });

  it('skips a torn last line (never acknowledged), cuts it before the next write, and keeps every complete write', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const file = partitionFile(dir, 'trials', p);
    await appendFile(file, '{"experimentId":"signaux-faibles","participantId":"x","tri');
    const store = await openStore({ dataDir: dir });
    expect((await collect(store.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0, 1]);
    await store.recordTrial(trial(p, { trialIndex: 2 }));
    await store.close();
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    const reopened = await openStore({ dataDir: dir });
    expect((await collect(reopened.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0, 1, 2]);
    await reopened.close();
  });

  it('refuses to read a participant\'s file damaged in the middle, naming the file and line, and changes nothing', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const file = partitionFile(dir, 'trials', p);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[0] = lines[0].slice(0, 20);
    const damaged = lines.join('\n');
    await writeFile(file, damaged);
    const store = await openStore({ dataDir: dir });
    const reading = collect(store.trials('signaux-faibles'));
    await expect(reading).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(reading).rejects.toThrow(new RegExp(`${encodeName(p.id)}\\.jsonl line 1`));
    await expect(store.recordTrial(trial(p, { trialIndex: 5 }))).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('finds a participant\'s files after reopening without listing the study: repeated answers, conflicts, plans', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const store = await openStore({ dataDir: dir });
    // No query has listed the experiment's folder yet: each of these finds the participant's file by its name.
    expect(await store.recordTrial(trial(p, { trialIndex: 1 }))).toMatchObject({ created: false });
    await expect(store.recordTrial(trial(p, { trialIndex: 0, decision: 'other' }))).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getParticipant(p.id))?.plan).toEqual(p.plan);
    expect(await collect(store.trials('signaux-faibles', { participantId: p.id }))).toHaveLength(2);
    await store.recordTrial(trial(p, { trialIndex: 2 }));
    // Listing the study afterwards sees each record once.
    expect((await collect(store.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0, 1, 2]);
    await store.close();
  });

  it('removes a temporary file that a crashed rewrite left, and keeps the data file', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const file = partitionFile(dir, 'trials', p);
    await writeFile(`${file}.tmp`, '{"experimentId":"half-wri');
    const store = await openStore({ dataDir: dir });
    expect(await collect(store.trials('signaux-faibles'))).toHaveLength(2);
    await store.close();
    await expect(readFile(`${file}.tmp`)).rejects.toThrow(/ENOENT/);
  });

  it('erases a participant physically: their files are gone and no other file holds their id', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const store = await openStore({ dataDir: dir });
    await store.recordResponses([response(p)]);
    await store.eraseParticipant(p.id);
    for (const collection of ['trials', 'responses', 'plans']) {
      await expect(readFile(partitionFile(dir, collection, p))).rejects.toThrow(/ENOENT/);
    }
    for (const name of ['participants.db', 'events/signaux-faibles.jsonl', 'assignments.db', 'experiments.db']) {
      expect(await readFile(path.join(dir, name), 'utf8').catch(() => '')).not.toContain(p.id);
    }
    await store.close();
  });

  it('moves the trials of a trials.db written by an earlier version into per-participant files, once', async () => {
    const dir = await tempDir();
    const store = await openStore({ dataDir: dir });
    const p = participant();
    await store.insertParticipant(p);
    await store.close();
    // The earlier layout: one nedb file, with an updated and a removed document as nedb leaves them.
    const legacy = new NedbDatastore({ filename: path.join(dir, 'trials.db') });
    await legacy.loadDatabaseAsync();
    await legacy.insertAsync({ ...trial(p, { trialIndex: 0 }) });
    await legacy.insertAsync({ ...trial(p, { trialIndex: 1 }) });
    await legacy.insertAsync({ ...trial(p, { trialIndex: 9 }) });
    await legacy.removeAsync({ trialIndex: 9 }, {});
    await legacy.updateAsync({ trialIndex: 1 }, { $set: { clientRtMs: 1234 } }, {});
    const reopened = await openStore({ dataDir: dir });
    const trials = await collect(reopened.trials('signaux-faibles'));
    expect(trials.map((t) => [t.trialIndex, t.clientRtMs ?? null])).toEqual([[0, null], [1, 1234]]);
    expect(trials[0].createdAt).toBeInstanceOf(Date);
    await reopened.close();
    await expect(readFile(path.join(dir, 'trials.db'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(dir, 'trials.db.migrated'), 'utf8')).toContain(p.id);
    const again = await openStore({ dataDir: dir });
    expect(await collect(again.trials('signaux-faibles'))).toHaveLength(2);
    await again.close();
  });
});

/** An open store of `n` participants at consent; returns it, its directory and the participants. */
async function storeWithParticipants(n: number) {
  const dir = await tempDir();
  const store = await openStore({ dataDir: dir });
  const ps = Array.from({ length: n }, () => participant());
  for (const p of ps) await store.insertParticipant(p);
  return { dir, store, ps };
}

describe('embedded store: participants.db compacted while answers arrive', () => {
  it('keeps every acknowledged update made during compactions (an erasure\'s and the automatic one)', async () => {
    const { dir, store, ps: all } = await storeWithParticipants(61);
    const [throwaway, ...ps] = all;
    const moves = ps.map((p) => store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'instructions', stepIndex: 0 }));
    const erasing = store.eraseParticipant(throwaway.id);
    // More obsolete lines than live documents (and over 1000) start the automatic compaction.
    const touches = Array.from({ length: 1200 }, (_, i) => store.touch(ps[i % ps.length].id, minutesAfter(T0, i)));
    expect(await Promise.all(moves)).toEqual(ps.map(() => true));
    await Promise.all([erasing, ...touches]);
    await store.close();
    const lines = (await readFile(path.join(dir, 'participants.db'), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeLessThan(1200);
    expect(lines.join('\n')).not.toContain(throwaway.id);
    const reopened = await openStore({ dataDir: dir });
    for (const [i, p] of ps.entries()) {
      const stored = await reopened.getParticipant(p.id);
      expect(stored?.step).toBe('instructions');
      // The last touch of participant i is at minute 1140 + i.
      expect(stored?.lastActivityAt).toEqual(minutesAfter(T0, 1140 + i));
    }
    await reopened.close();
  });
});

describe('embedded store: erasures at once', () => {
  it('runs their compactions one at a time and keeps every other participant and answer', async () => {
    const { dir, store, ps } = await storeWithParticipants(30);
    const [erased, kept] = [ps.slice(0, 10), ps.slice(10)];
    await Promise.all([
      ...erased.map((p) => store.eraseParticipant(p.id)),
      ...kept.map((p) => store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'trials', stepIndex: 0 })),
    ]);
    await store.close();
    const text = await readFile(path.join(dir, 'participants.db'), 'utf8');
    for (const p of erased) expect(text).not.toContain(p.id);
    const reopened = await openStore({ dataDir: dir });
    for (const p of kept) expect((await reopened.getParticipant(p.id))?.step).toBe('trials');
    for (const p of erased) expect(await reopened.getParticipant(p.id)).toBeNull();
    await reopened.close();
  });
});

describe('embedded store: data directories written by earlier versions (nedb files)', () => {
  /** An event of a valid chain, as the audit log computes it. */
  function chained(experimentId: string, seq: number, prevHash: string, participantId?: string): EventRecord {
    const content = contentHash(participantId, undefined);
    const fields = { experimentId, seq, type: 'tick', at: minutesAfter(T0, seq), contentHash: content, prevHash };
    return { ...fields, ...(participantId ? { participantId } : {}), hash: eventHash(fields) };
  }

  it('opens participants.db as nedb wrote it (random _ids, updated and removed documents) and moves events.db into one file per experiment', async () => {
    const dir = await tempDir();
    const [a, b, c] = [participant(), participant(), participant()];
    const participants = new NedbDatastore({ filename: path.join(dir, 'participants.db') });
    await participants.loadDatabaseAsync();
    await participants.ensureIndexAsync({ fieldName: 'id', unique: true });
    for (const p of [a, b, c]) {
      const { plan, ...stored } = p;
      void plan;
      await participants.insertAsync(stored);
    }
    await participants.updateAsync({ id: a.id }, { $set: { step: 'trials', stepIndex: 3 } }, {});
    await participants.removeAsync({ id: c.id }, {});
    const events = new NedbDatastore({ filename: path.join(dir, 'events.db') });
    await events.loadDatabaseAsync();
    const chain: EventRecord[] = [];
    for (let seq = 1; seq <= 3; seq += 1) chain.push(chained('signaux-faibles', seq, chain.at(-1)?.hash ?? GENESIS_HASH, a.id));
    // nedb keeps insertion order, not seq order: the move sorts by seq.
    for (const event of [chain[2], chain[0], chain[1], chained('other-study', 1, GENESIS_HASH)]) await events.insertAsync({ ...event });

    const store = await openStore({ dataDir: dir });
    expect((await store.getParticipant(a.id))?.step).toBe('trials');
    expect((await store.getParticipant(a.id))?.stepIndex).toBe(3);
    expect(await store.getParticipant(c.id)).toBeNull();
    expect((await collect(store.participants('signaux-faibles'))).map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store.verifyChain('signaux-faibles')).toEqual({ ok: true, count: 3, head: chain[2].hash });
    expect(await store.verifyChain('other-study')).toMatchObject({ ok: true, count: 1 });
    expect((await store.appendEvent('signaux-faibles', { type: 'after', participantId: b.id })).seq).toBe(4);
    expect(await store.advanceStep(b.id, { step: 'consent', stepIndex: 0 }, { step: 'instructions', stepIndex: 0 })).toBe(true);
    await store.close();
    await expect(readFile(path.join(dir, 'events.db'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(dir, 'events.db.migrated'), 'utf8')).toContain(chain[0].hash);
    expect((await readFile(path.join(dir, 'events', 'signaux-faibles.jsonl'), 'utf8')).trimEnd().split('\n')).toHaveLength(4);

    const again = await openStore({ dataDir: dir });
    expect(await again.verifyChain('signaux-faibles')).toMatchObject({ ok: true, count: 4 });
    expect((await again.getParticipant(b.id))?.step).toBe('instructions');
    expect(await again.getParticipant(c.id)).toBeNull();
    await again.close();
  });
});

describe('embedded store: erasure and the backups kept after a migration', () => {
  it('removes the erased participant\'s lines from trials.db.migrated and keeps the others\'', async () => {
    const dir = await tempDir();
    const [kept, erased] = [participant(), participant()];
    const store = await openStore({ dataDir: dir });
    for (const p of [kept, erased]) await store.insertParticipant(p);
    await store.close();
    const legacy = new NedbDatastore({ filename: path.join(dir, 'trials.db') });
    await legacy.loadDatabaseAsync();
    for (const p of [kept, erased]) await legacy.insertAsync({ ...trial(p, { trialIndex: 0 }) });
    const reopened = await openStore({ dataDir: dir });
    expect(await readFile(path.join(dir, 'trials.db.migrated'), 'utf8')).toContain(erased.id);
    await reopened.eraseParticipant(erased.id);
    await reopened.close();
    const backup = await readFile(path.join(dir, 'trials.db.migrated'), 'utf8');
    expect(backup).not.toContain(erased.id);
    expect(backup).toContain(kept.id);
  });
});

describe('embedded store: one process per data directory', () => {
  it('refuses a second open of a directory in use, saying which process holds it', async () => {
    const dir = await tempDir();
    const store = await openStore({ dataDir: dir });
    await expect(openStore({ dataDir: dir })).rejects.toThrow(new RegExp(`in use by process ${process.pid}.*MONGODB_URI`));
    await store.close();
    const again = await openStore({ dataDir: dir });
    await again.close();
  });

  it('takes over a lock carrying its own pid that it does not hold (left before a container restart)', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'confiance.lock'), `${process.pid}\n`);
    const store = await openStore({ dataDir: dir });
    await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = await tempDir();
    // pid 2^22 + 1 is above Linux's pid_max limit, so no process can have it.
    await writeFile(path.join(dir, 'confiance.lock'), `${2 ** 22 + 1}\n`);
    const store = await openStore({ dataDir: dir });
    expect(await readFile(path.join(dir, 'confiance.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
  });
});
