/** `confiance simulate --analyze` (in-process server) and `--url` (a server started by `confiance serve`). */
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from './run-simulate.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './serve-process.ts';

const dirs: string[] = [];
const servers: ServeProcess[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop('SIGTERM');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('confiance simulate modes', () => {
  it('--analyze prints the analysis of the simulated data', async () => {
    const run = await simulate(['sim-recovery', '--participants', '3', '--concurrency', '3', '--speed', 'max', '--policy', 'always-follow', '--analyze']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/participants {2}3: 3 completed/);
    expect(run.stdout).toContain('Analysis of sim-recovery');
    // always-follow: agreement 36/36 trials.
    expect(run.stdout).toMatch(/Agreement +confidence +36\/36 +1\.000/);
  }, 60_000);

  it('--url runs the bots against a server started elsewhere (confiance serve)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-sim-url-'));
    dirs.push(dataDir);
    const server = await startServe({ dataDir, experimentsDir: 'test/simulate/fixtures/studies' });
    servers.push(server);
    const run = await simulate(['sim-crash', '--url', server.url, '--participants', '3', '--speed', 'max', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ participants: 3, completed: 3, ok: true });
    expect(run.stderr).toContain(`on ${server.url}`);
  }, 90_000);

});
