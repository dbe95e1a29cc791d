import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, readEntries } from '../../server/store/embedded/journal.ts';
import { encodeName } from '../../server/store/embedded/partition-files.ts';
import { openStore, StoreUnavailableError } from '../../server/store/index.ts';
import { collect, participant, response, trial } from './fixtures.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-journal-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function trialFile(dir: string, p: { experimentId: string; id: string }): string {
  return path.join(dir, 'trials', encodeName(p.experimentId), `${encodeName(p.id)}.jsonl`);
}

/** Every file under `dir` with its text (the journal's included). */
async function allFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), await readFile(file, 'latin1'));
  }
  return out;
}

async function journalFiles(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'journal'))).filter((name) => name.endsWith('.log'));
}

/**
 * A power cut simulated on a copy: the data files as the last checkpoint left them (what was fdatasynced), plus the
 * journal as it is now (every acknowledged write was fdatasynced there). Everything written to the data files since
 * the checkpoint without a sync is lost, as it could be.
 */
async function powerCutCopy(checkpointed: string, live: string): Promise<string> {
  const copy = await tempDir();
  await cp(checkpointed, copy, { recursive: true });
  await rm(path.join(copy, 'journal'), { recursive: true, force: true });
  await cp(path.join(live, 'journal'), path.join(copy, 'journal'), { recursive: true });
  return copy;
}

describe('embedded store journal (group commit across participants)', () => {
  it('keeps every acknowledged trial and step when the data files lose all their unsynced writes', async () => {
    const dir = await tempDir();
    const ps = [participant(), participant(), participant()];
    const store = await openStore({ dataDir: dir });
    for (const p of ps) await store.insertParticipant(p);
    await store.recordTrial(trial(ps[0], { trialIndex: 0 }));
    await store.close();
    const checkpointed = await tempDir();
    await cp(dir, checkpointed, { recursive: true });

    const live = await openStore({ dataDir: dir });
    // Concurrent submissions of three participants: trials (one in a file that exists, two in new files) and steps.
    await Promise.all(
      ps.flatMap((p, i) => [
        live.recordTrial(trial(p, { trialIndex: 1 + i })),
        live.recordTrial(trial(p, { trialIndex: 10 + i, phase: 'final' })),
        live.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'trials', stepIndex: i + 1 }),
      ]),
    );
    await live.recordResponses([response(ps[2])]);
    expect(await journalFiles(dir)).toHaveLength(1);
    const copy = await powerCutCopy(checkpointed, dir);
    await live.close();
    // The copy's data files are those of the checkpoint: the new trials are not in them.
    await expect(stat(trialFile(copy, ps[1]))).rejects.toThrow(/ENOENT/);

    const reopened = await openStore({ dataDir: copy });
    try {
      expect((await collect(reopened.trials('signaux-faibles', { participantId: ps[0].id }))).map((t) => [t.trialIndex, t.phase])).toEqual([
        [0, 'initial'],
        [1, 'initial'],
        [10, 'final'],
      ]);
      for (const [i, p] of ps.entries()) {
        expect((await reopened.getParticipant(p.id))?.stepIndex).toBe(i + 1);
        expect((await reopened.getParticipant(p.id))?.step).toBe('trials');
      }
      expect((await collect(reopened.trials('signaux-faibles', { participantId: ps[2].id }))).map((t) => t.trialIndex)).toEqual([3, 12]);
      expect(await collect(reopened.responses('signaux-faibles', { participantId: ps[2].id }))).toHaveLength(1);
    } finally {
      await reopened.close();
    }
    // The replay wrote the records into the data files and removed the journal.
    expect(await journalFiles(copy)).toEqual([]);
    expect(await readFile(trialFile(copy, ps[1]), 'utf8')).toContain('"trialIndex":2');
  });

  it('drops a line written to a data file but never committed, and a journal entry cut by a crash', async () => {
    const dir = await tempDir();
    const p = participant();
    const store = await openStore({ dataDir: dir });
    await store.insertParticipant(p);
    await store.recordTrial(trial(p, { trialIndex: 0 }));
    const [journal] = await journalFiles(dir);
    const copy = await tempDir();
    await cp(dir, copy, { recursive: true });
    await store.close();
    // A second trial appended to the file (a complete line) whose commit never reached the journal, and half an entry.
    const line = (await readFile(trialFile(copy, p), 'utf8')).replace('"trialIndex":0', '"trialIndex":7');
    await appendFile(trialFile(copy, p), line);
    await appendFile(path.join(copy, 'journal', journal), '{"f":"trials/x","o":0,"n":500}\n{"experimentId"');
    await rm(path.join(copy, 'confiance.lock'), { force: true, recursive: true });
    const reopened = await openStore({ dataDir: copy });
    try {
      expect((await collect(reopened.trials('signaux-faibles'))).map((t) => t.trialIndex)).toEqual([0]);
    } finally {
      await reopened.close();
    }
  });

  it('refuses to open when a data file is shorter than its journaled writes assume, naming both', async () => {
    const dir = await tempDir();
    const p = participant();
    const store = await openStore({ dataDir: dir });
    await store.insertParticipant(p);
    await store.recordTrial(trial(p, { trialIndex: 0 }));
    await store.close();
    const live = await openStore({ dataDir: dir });
    await live.recordTrial(trial(p, { trialIndex: 1 }));
    const copy = await tempDir();
    await cp(dir, copy, { recursive: true });
    await live.close();
    await rm(path.join(copy, 'confiance.lock'), { force: true, recursive: true });
    await truncate(trialFile(copy, p), 10);
    const opening = openStore({ dataDir: copy });
    await expect(opening).rejects.toThrow(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/journal.*is shorter \(10 bytes\)/);
  });

  it('leaves no journal file once the store is closed', async () => {
    const dir = await tempDir();
    const p = participant();
    const store = await openStore({ dataDir: dir });
    await store.insertParticipant(p);
    await store.recordTrial(trial(p));
    expect((await readFile(path.join(dir, 'journal', (await journalFiles(dir))[0]), 'utf8')).length).toBeGreaterThan(0);
    await store.close();
    expect(await journalFiles(dir)).toEqual([]);
  });

  it('an erasure leaves nothing of the participant in any file, the journal included, while the store runs', async () => {
    const dir = await tempDir();
    const [erased, kept] = [participant(), participant()];
    const store = await openStore({ dataDir: dir });
    try {
      for (const p of [erased, kept]) {
        await store.insertParticipant(p);
        await store.recordTrial(trial(p, { caseId: `case-of-${p.id}` }));
        await store.recordResponses([response(p)]);
        await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'trials', stepIndex: 1 });
      }
      const before = await allFiles(dir);
      const journal = [...before].filter(([name]) => name.startsWith('journal')).map(([, text]) => text).join('');
      expect(journal, 'the journal holds the participant before the erasure').toContain(`case-of-${erased.id}`);
      expect(journal).toContain(erased.id);

      await store.eraseParticipant(erased.id);
      for (const [name, text] of await allFiles(dir)) {
        expect(text, name).not.toContain(erased.id);
        expect(text, name).not.toContain(encodeName(erased.id));
      }
      // The other participant's records are all there, and still written through the journal afterwards.
      await store.recordTrial(trial(kept, { trialIndex: 1 }));
      expect((await collect(store.trials('signaux-faibles'))).map((t) => [t.participantId, t.trialIndex])).toEqual([
        [kept.id, 0],
        [kept.id, 1],
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('journal replay', () => {
  it('replays the generations a crash during a checkpoint left, oldest first, then deletes them', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'journal'));
    // x.db lost everything after its synced first line; the first generation wrote "b\n", the second "c\n" and "d\n".
    await writeFile(path.join(dir, 'x.db'), 'a\n');
    await writeFile(path.join(dir, 'journal', '7.log'), '{"f":"x.db","o":2,"n":2}\nb\n');
    await writeFile(path.join(dir, 'journal', '8.log'), '{"f":"x.db","o":4,"n":2}\nc\n{"f":"sub/y.db","o":0,"n":2}\ny\n{"f":"x.db","o":6,"n":2}\nd\n');
    const journal = await Journal.open(dir);
    await journal.close();
    expect(await readFile(path.join(dir, 'x.db'), 'utf8')).toBe('a\nb\nc\nd\n');
    expect(await readFile(path.join(dir, 'sub', 'y.db'), 'utf8')).toBe('y\n');
    expect(await journalFiles(dir)).toEqual([]);
  });

  it('checkpoints by itself past its size limit: the full generation is deleted, commits go on in the next', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir, { checkpointBytes: 100 });
    const file = path.join(dir, 'x.db');
    let text = '';
    for (let i = 0; i < 6; i += 1) {
      const line = `${'line-'.repeat(5)}${i}\n`;
      await appendFile(file, line);
      await journal.commit(file, Buffer.byteLength(text), line);
      text += line;
    }
    await journal.checkpoint();
    const left = await journalFiles(dir);
    expect(left).toHaveLength(1);
    // Generation 1 passed 100 bytes at its third commit and was retired; later generations followed.
    expect(Number(left[0].slice(0, -4))).toBeGreaterThan(2);
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('writes the journaled lines over what a file holds after them and cuts it at the last one', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'journal'));
    await writeFile(path.join(dir, 'x.db'), 'a\nB\nnever committed\n');
    await writeFile(path.join(dir, 'journal', '1.log'), '{"f":"x.db","o":2,"n":2}\nb\n');
    await (await Journal.open(dir)).close();
    expect(await readFile(path.join(dir, 'x.db'), 'utf8')).toBe('a\nb\n');
  });
});

describe('journal entries', () => {
  it('reads complete entries with their offsets and leaves out a last entry cut short', () => {
    const bytes = Buffer.from('{"f":"a.db","o":0,"n":4}\nabc\n{"f":"b/c.jsonl","o":12,"n":3}\né\n{"f":"a.db","o":4,"n":9}\nxy');
    const entries = readEntries('j.log', bytes);
    expect(entries.map((e) => [e.file, e.offset, e.text.toString('utf8')])).toEqual([
      ['a.db', 0, 'abc\n'],
      ['b/c.jsonl', 12, 'é\n'],
    ]);
  });

  it('refuses an unreadable or malformed header with the journal file and byte', () => {
    expect(() => readEntries('j.log', Buffer.from('{"f":"a.db","o":0,"n":2}\na\n{nope}\n'))).toThrow(/j\.log: unreadable entry at byte 27/);
    expect(() => readEntries('j.log', Buffer.from('{"f":"../etc/passwd","o":0,"n":2}\na\n'))).toThrow(/j\.log: malformed entry at byte 0/);
    expect(() => readEntries('j.log', Buffer.from('{"f":"a.db","o":-1,"n":2}\na\n'))).toThrow(/malformed entry/);
  });
});
