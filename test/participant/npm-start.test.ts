/**
 * `npm start` stops cleanly on SIGINT and SIGTERM: npm passes the signal to the server (the script `exec`s it, so no
 * shell stands in between), which closes and releases the store lock; no server is left running.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops on %s sent to npm: the server exits and the store lock is released', async (signal) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-npm-start-'));
    const npm = spawn('npm', ['start', '--', '--port', '0'], {
      env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', RESEARCHER_TOKEN: '', SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 30_000);
        npm.stdout.on('data', () => {
          const m = /serving on (http:\/\/[^\s]+)/.exec(out);
          if (m && out.includes('/e/signaux-faibles')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(existsSync(join(dataDir, 'confiance.lock'))).toBe(true);
      const exit = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
      npm.kill(signal);
      await exit;
      expect(out).toContain(`${signal}: stopping`);
      // The server is gone (its port refuses) and released the lock.
      await expect(fetch(`${base}/favicon.ico`)).rejects.toThrow();
      expect(existsSync(join(dataDir, 'confiance.lock'))).toBe(false);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
