/** `confiance serve` (what `npm start` runs): opens the bundled studies on the embedded store and serves them. */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Served {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** The base URL printed in the banner. */
  base: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const running: Served[] = [];
const temporary: string[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Starts `confiance serve` on a fresh data directory and waits for its banner (its last line names the researcher routes). */
async function serve(env: Record<string, string> = {}): Promise<Served> {
  const dataDir = await tempDir('confiance-serve-');
  const child = spawn(process.execPath, ['bin/confiance.js', 'serve', '--port', '0'], {
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', RESEARCHER_TOKEN: '', SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const served: Served = {
    child,
    output: () => out,
    base: '',
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
  running.push(served);
  served.base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
    void exit.then(() => reject(new Error(`exited: ${out}`)));
    child.stdout?.on('data', () => {
      const m = /serving on (http:\/\/[^\s]+)/.exec(out);
      if (m && out.includes('researcher routes')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return served;
}

describe('confiance serve', () => {
  it('serves /e/signaux-faibles on a fresh data directory and stops cleanly on SIGTERM', async () => {
    const s = await serve();
    expect(s.output()).toMatch(/opened: .*signaux-faibles/);
    expect(s.output()).toContain('/e/signaux-faibles');
    const res = await fetch(`${s.base}/e/signaux-faibles`, { headers: { 'Accept-Language': 'fr' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Détection des entreprises en difficulté');
    expect(await s.stop()).toBe(0);
  }, 30_000);

  it('says when it finds no experiment file (started outside the project folder) instead of serving nothing silently', async () => {
    const emptyDir = await tempDir('confiance-no-studies-');
    const s = await serve({ EXPERIMENTS_DIR: emptyDir });
    expect(s.output()).toContain(`no experiment file found in ${emptyDir}`);
    expect(await s.stop()).toBe(0);
  }, 30_000);

  it('starts with an alias-bomb experiment file beside a good one: warns with the bad file named, serves the good one', async () => {
    const studies = await tempDir('confiance-bad-studies-');
    await cp(join('experiments', 'studies', 'signaux-faibles'), join(studies, 'signaux-faibles'), { recursive: true });
    await mkdir(join(studies, 'bomb'));
    await copyFile(join('test', 'experiments', 'invalid', 'alias-bomb.yaml'), join(studies, 'bomb', 'experiment.yaml'));
    const s = await serve({ EXPERIMENTS_DIR: studies });
    expect(s.output()).toContain(`warning: ${join(studies, 'bomb', 'experiment.yaml')} is not valid and is not served`);
    expect(s.output()).toContain('experiment.yaml:81:15  (file): YAML syntax: aliases (*name) expand to too many values');
    expect(s.output()).not.toContain('ReferenceError');
    expect(s.output()).toContain('/e/signaux-faibles');
    expect((await fetch(`${s.base}/e/signaux-faibles`)).status).toBe(200);
    expect(await s.stop()).toBe(0);
  }, 30_000);
});
