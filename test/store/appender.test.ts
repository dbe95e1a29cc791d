import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Appender } from '../../server/store/embedded/appender.ts';
import type { Journal } from '../../server/store/embedded/journal.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Resolves with 'timed out' when the promise does not settle within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  return Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);
}

describe('Appender', () => {
  it('writes text queued by a writer woken by the previous flush, just as that flush ends', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-appender-'));
    dirs.push(dir);
    const file = path.join(dir, 'x.db');
    const commits: [number, string][] = [];
    // A journal whose commits are durable at once: the flush loop ends in the same tick as its waiters wake.
    const journal = { commit: async (_file: string, offset: number, text: string) => void commits.push([offset, text]) } as unknown as Journal;
    const appender = new Appender(file, journal);
    appender.enqueue('a\n');
    const second = appender.durable().then(() => {
      appender.enqueue('b\n');
      return appender.durable();
    });
    expect(await within(second, 2000)).toBeUndefined();
    await appender.close();
    expect(await readFile(file, 'utf8')).toBe('a\nb\n');
    expect(commits).toEqual([
      [0, 'a\n'],
      [2, 'b\n'],
    ]);
  });
});
