/**
 * `confiance simulate` from the command line, in-process server on the test studies: exit 0 when every bot meant to
 * finish did, exit 1 with the errors summarised when not, user errors without a stack, --data-dir kept for analyze.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from './run-simulate.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../server/store/index.ts';
import { startInProcess } from '../../server/simulate/in-process.ts';

const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('confiance simulate', () => {
  it('exits 0 and prints the JSON summary when every bot completes; --data-dir keeps the data for analyze', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-sim-cli-'));
    dirs.push(dataDir);
    const run = await simulate(['sim-crash', '--participants', '4', '--concurrency', '2', '--speed', 'max', '--dropout', '0.5', '--json', '--data-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { participants: number; completed: number; dropped: number; errors: unknown[]; ok: boolean; requests: number; latencyMs: { p50: number } };
    expect(summary).toMatchObject({ participants: 4, completed: 2, dropped: 2, errors: [], ok: true });
    expect(summary.requests).toBeGreaterThan(4 * 3);
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
    expect(run.stderr).toContain(`DATA_DIR=${dataDir} confiance analyze sim-crash`);
    const store = await openStore({ dataDir });
    try {
      const statuses = [];
      for await (const p of store.participants('sim-crash')) statuses.push(p.status);
      expect(statuses.sort()).toEqual(['active', 'active', 'completed', 'completed']);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('exits 1 and summarises the errors when bots cannot finish (a running study full after two participants)', async () => {
    const server = await startInProcess({ experimentId: 'sim-stale', experimentsDir: 'test/simulate/fixtures/studies' });
    try {
      const run = await simulate(['sim-stale', '--url', server.url, '--participants', '3', '--concurrency', '1', '--speed', 'max']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/participants {2}3: 2 completed, 0 dropped out, 1 errors/);
      expect(run.stdout).toMatch(/errors:\n {2}1 x joining: 409/);
      expect(run.stdout).toMatch(/latency {7}p50 [\d.]+ ms, p90/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('in-process, lets every bot take part when they outnumber the study’s target (and says so)', async () => {
    const run = await simulate(['sim-stale', '--participants', '3', '--concurrency', '1', '--speed', 'max']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/participants {2}3: 3 completed, 0 dropped out, 0 errors/);
    expect(run.stderr).toMatch(/the study takes 1 participants per condition; this pilot serves a copy with \d+ so that all 3 bots take part/);
  }, 60_000);

  it('refuses a bad policy with a message and no stack', async () => {
    const bad = await simulate(['sim-crash', '--participants', '2', '--policy', 'accuracy-based:0.9']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid --policy "accuracy-based:0.9"[\s\S]*missing parameter p_wrong/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
