import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/cli.ts';
import { DamagedRecordError, openStore, type Store } from '../../server/store/index.ts';
import { participant } from './fixtures.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
afterEach(() => vi.restoreAllMocks());

/** A closed store with three participants; returns its directory. */
async function storeWithParticipants(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-refusal-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir });
  for (let i = 0; i < 3; i += 1) await store.insertParticipant(participant());
  await store.close();
  return dir;
}

/** Garbles line `n` (1-based) of participants.db, as a disk fault or a careless edit would. */
async function damageParticipantsLine(dir: string, n: number): Promise<string> {
  const file = path.join(dir, 'participants.db');
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines[n - 1] = lines[n - 1].slice(0, 25);
  await writeFile(file, lines.join('\n'));
  return file;
}

/** Runs the CLI in-process on DATA_DIR=dir and captures what it prints. */
async function cli(dir: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const saved = { DATA_DIR: process.env.DATA_DIR, MONGODB_URI: process.env.MONGODB_URI };
  process.env.DATA_DIR = dir;
  delete process.env.MONGODB_URI;
  process.exitCode = undefined;
  try {
    await main(['node', 'confiance', ...args]);
  } finally {
    vi.restoreAllMocks();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

const NO_STACK = /\bat .*\.(ts|js):\d+/;

describe('the store refuses with a message, not a stack trace', () => {
  it('names the damaged line of a nedb file when the store opens', async () => {
    const dir = await storeWithParticipants();
    const file = await damageParticipantsLine(dir, 2);
    const opening = openStore({ dataDir: dir });
    await expect(opening).rejects.toBeInstanceOf(DamagedRecordError);
    await expect(opening).rejects.toMatchObject({ file, line: 2 });
  });

  for (const command of [['export', 'signaux-faibles', '--out', 'unused-out'], ['analyze', 'signaux-faibles'], ['serve', '--port', '0']]) {
    it(`\`confiance ${command[0]}\` on a damaged participants.db prints one line naming the file and line, exits 1`, async () => {
      const dir = await storeWithParticipants();
      const file = await damageParticipantsLine(dir, 3);
      const { stdout, stderr, code } = await cli(dir, ...command);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`${file} line 3`);
      expect(stderr).not.toMatch(NO_STACK);
    });

    it(`\`confiance ${command[0]}\` on a directory another server holds says which process, exits 1`, async () => {
      const dir = await storeWithParticipants();
      const running: Store = await openStore({ dataDir: dir });
      try {
        const { stdout, stderr, code } = await cli(dir, ...command);
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr.trim().split('\n')).toHaveLength(1);
        expect(stderr).toContain(`${dir} is in use by process ${process.pid}`);
        expect(stderr).not.toMatch(NO_STACK);
      } finally {
        await running.close();
      }
    });
  }
});
