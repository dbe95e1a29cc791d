import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NedbDatastore } from '../../server/store/embedded/nedb.ts';
import { openStore, StoreUnavailableError } from '../../server/store/index.ts';
import { collect, participant, trial } from './fixtures.ts';

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

describe('embedded store files', () => {
  it('nedb alone refuses to open a small file whose last line was torn by a crash (why the store repairs the tail)', async () => {
    const { dir } = await storeWithTwoTrials();
    const file = path.join(dir, 'trials.db');
    await appendFile(file, '{"experimentId":"signaux-faibles","participantId":"x","tri');
    const raw = new NedbDatastore({ filename: file });
    await expect(raw.loadDatabaseAsync()).rejects.toThrow(/corrupt/);
  });

  it('opens after a torn last line and keeps every complete (acknowledged) write', async () => {
    const { dir, p } = await storeWithTwoTrials();
    await appendFile(path.join(dir, 'trials.db'), '{"experimentId":"signaux-faibles","participantId":"x","tri');
    const store = await openStore({ dataDir: dir });
    expect((await collect(store.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0, 1]);
    await store.recordTrial(trial(p, { trialIndex: 2 }));
    await store.close();
    const reopened = await openStore({ dataDir: dir });
    expect((await collect(reopened.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0, 1, 2]);
    await reopened.close();
  });

  it('refuses to start on a damaged line in the middle of a file, naming the file', async () => {
    const { dir } = await storeWithTwoTrials();
    const file = path.join(dir, 'trials.db');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const index = lines.findIndex((l) => l.includes('"trialIndex":0'));
    lines[index] = lines[index].slice(0, 20);
    await writeFile(file, lines.join('\n'));
    const opening = openStore({ dataDir: dir });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/trials\.db/);
  });

  it('ignores a half-written compaction file left by a crash and keeps the data file', async () => {
    const { dir } = await storeWithTwoTrials();
    await writeFile(path.join(dir, 'trials.db~'), '{"experimentId":"half-wri');
    const store = await openStore({ dataDir: dir });
    expect(await collect(store.trials('signaux-faibles'))).toHaveLength(2);
    await store.close();
  });

  it('compacts the files after an erasure, so deleted documents are not left on disk', async () => {
    const { dir, p } = await storeWithTwoTrials();
    const store = await openStore({ dataDir: dir });
    expect(await readFile(path.join(dir, 'trials.db'), 'utf8')).toContain(p.id);
    await store.eraseParticipant(p.id);
    for (const name of ['participants', 'trials', 'responses', 'events', 'assignments', 'experiments']) {
      expect(await readFile(path.join(dir, `${name}.db`), 'utf8')).not.toContain(p.id);
    }
    await store.close();
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
