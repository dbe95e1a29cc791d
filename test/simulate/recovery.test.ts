/**
 * Recovery: 60 bots with a known reliance policy go through the real server; `confiance analyze` on the stored data
 * recovers the policy's parameters within the participant-cluster bootstrap interval.
 *
 * Study (fixtures/studies/sim-recovery): binary, two-stage, 12 trials of which exactly 3 have wrong advice, one
 * condition. Policy accuracy-based, p_right = 0.9, p_wrong = 0.3, own accuracy q = 0.7. Then, by construction:
 *   over-reliance   P(follow | AI wrong)                    = p_wrong        = 0.3
 *   under-reliance  P(not follow | AI right)                = 1 - p_right    = 0.1
 *   RAIR            P(follow | initial wrong, AI right)     = p_right        = 0.9
 *   RSR             P(keep initial | initial right, AI wrong) = 1 - p_wrong  = 0.7   (binary: not following = keeping)
 *   accuracy_initial = q = 0.7; accuracy_ai = 9/12 = 0.75 exactly
 *   agreement = 0.75 x 0.9 + 0.25 x 0.3 = 0.75; accuracy_final = 0.75 x 0.9 + 0.25 x 0.7 = 0.85
 *   switch = (0.75 x 0.3 x 0.9 + 0.25 x 0.7 x 0.3) / (0.75 x 0.3 + 0.25 x 0.7) = 0.6375
 *
 * Participant ids are made deterministic (a counter instead of random bytes) and every bot draw is seeded by
 * (seed, participant id, page), so the whole run, and thus this test's outcome, is the same on every machine
 * whatever the scheduling of the 16 concurrent bots (one condition: the join order does not matter).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startInProcess } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';

vi.mock(import('../../server/security/ids.ts'), async (original) => {
  let next = 0;
  return { ...(await original()), newParticipantId: () => `sim${String(next++).padStart(19, '0')}` };
});

const run = promisify(execFile);
let dataDir = '';

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Metric {
  k: number;
  n: number;
  value: number;
  bootstrap: [number, number];
  wilson: [number, number];
}

describe('recovery of reliance policies through the real server', () => {
  it('confiance analyze recovers p_wrong, p_right and the own accuracy within the bootstrap intervals', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'confiance-recovery-'));
    const server = await startInProcess({ experimentId: 'sim-recovery', experimentsDir: 'test/simulate/fixtures/studies', dataDir });
    let summary;
    try {
      summary = await runSimulation({
        experiment: server.experiment,
        target: { url: server.url },
        participants: 60,
        concurrency: 16,
        policy: parsePolicy('accuracy-based:p_right=0.9,p_wrong=0.3,own=0.7'),
        seed: 2026,
        speed: Infinity,
        dropout: 0,
        inattentive: 0,
        distinctAddresses: true,
      });
    } finally {
      await server.close();
    }
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(60);
    // The deterministic ids are in use (else the run, and this test, would vary from run to run).
    expect(summary.bots.every((b) => /^sim\d{19}$/.test(b.participantId ?? ''))).toBe(true);

    const { stdout } = await run(process.execPath, ['bin/confiance.js', 'analyze', 'sim-recovery', '--format', 'json', '--bootstrap', '500', '--seed', '1'], {
      env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const result = JSON.parse(stdout) as { conditions: { condition: string; participants: number; trials: number; metrics: Record<string, Metric> }[] };
    expect(result.conditions).toHaveLength(1);
    const [condition] = result.conditions;
    expect(condition.participants).toBe(60);
    expect(condition.trials).toBe(720);
    const m = condition.metrics;
    expect(m.accuracy_ai.value).toBe(0.75);

    const parameters: [string, number][] = [
      ['overreliance', 0.3],
      ['underreliance', 0.1],
      ['rair', 0.9],
      ['accuracy_initial', 0.7],
    ];
    for (const [key, truth] of parameters) {
      expect(m[key].bootstrap[0], `${key} bootstrap low`).toBeLessThanOrEqual(truth);
      expect(m[key].bootstrap[1], `${key} bootstrap high`).toBeGreaterThanOrEqual(truth);
    }
    // Derived rates (subsets or mixtures of the same draws): within 3 binomial standard errors of their value by
    // construction, rather than one more pile of 95% interval checks.
    const derived: [string, number][] = [
      ['rsr', 0.7],
      ['agreement', 0.75],
      ['accuracy_final', 0.85],
      ['switch', 0.6375],
    ];
    for (const [key, truth] of derived) {
      expect(Math.abs(m[key].value - truth), key).toBeLessThan(3 * Math.sqrt((truth * (1 - truth)) / m[key].n));
    }
  }, 120_000);
});
