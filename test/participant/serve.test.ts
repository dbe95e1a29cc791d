/** `confiance serve` (what `npm start` runs): opens the bundled studies on the embedded store and serves them. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('confiance serve', () => {
  it('serves /e/signaux-faibles on a fresh data directory and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-serve-'));
    const child = spawn(process.execPath, ['bin/confiance.js', 'serve', '--port', '0'], {
      env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', RESEARCHER_TOKEN: '', SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          const m = /serving on (http:\/\/[^\s]+)/.exec(out);
          if (m && out.includes('/e/signaux-faibles')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(out).toMatch(/opened: .*signaux-faibles/);
      const res = await fetch(`${base}/e/signaux-faibles`, { headers: { 'Accept-Language': 'fr' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Détection des entreprises en difficulté');
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says when it finds no experiment file (started outside the project folder) instead of serving nothing silently', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-serve-'));
    const emptyDir = await mkdtemp(join(tmpdir(), 'confiance-no-studies-'));
    const child = spawn(process.execPath, ['bin/confiance.js', 'serve', '--port', '0'], {
      env: { ...process.env, DATA_DIR: dataDir, EXPERIMENTS_DIR: emptyDir, HOST: '127.0.0.1', RESEARCHER_TOKEN: '', SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('researcher routes')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(out).toContain(`no experiment file found in ${emptyDir}`);
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      await rm(emptyDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('starts with an alias-bomb experiment file beside a good one: warns with the bad file named, serves the good one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-serve-'));
    const studies = await mkdtemp(join(tmpdir(), 'confiance-bad-studies-'));
    await cp(join('experiments', 'studies', 'signaux-faibles'), join(studies, 'signaux-faibles'), { recursive: true });
    await mkdir(join(studies, 'bomb'));
    await copyFile(join('test', 'experiments', 'invalid', 'alias-bomb.yaml'), join(studies, 'bomb', 'experiment.yaml'));
    const child = spawn(process.execPath, ['bin/confiance.js', 'serve', '--port', '0'], {
      env: { ...process.env, DATA_DIR: dataDir, EXPERIMENTS_DIR: studies, HOST: '127.0.0.1', RESEARCHER_TOKEN: '', SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.on('exit', () => reject(new Error(`exited: ${out}`)));
        child.stdout.on('data', () => {
          const m = /serving on (http:\/\/[^\s]+)/.exec(out);
          if (m && out.includes('researcher routes')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(out).toContain(`warning: ${join(studies, 'bomb', 'experiment.yaml')} is not valid and is not served`);
      expect(out).toContain('experiment.yaml:81:15  (file): YAML syntax: aliases (*name) expand to too many values');
      expect(out).not.toContain('ReferenceError');
      expect(out).toContain('/e/signaux-faibles');
      expect((await fetch(`${base}/e/signaux-faibles`)).status).toBe(200);
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      await rm(studies, { recursive: true, force: true });
    }
  }, 30_000);
});
