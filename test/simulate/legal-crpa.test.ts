/**
 * `confiance simulate` on a study with the legally mandated explanation (fixtures/studies/sim-crpa: legal_crpa against
 * feature_importance, between subjects): the bots read its pages and finish, every decision is stored with the
 * explanation type shown, and the analysis names both conditions.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from './run-simulate.ts';
import { openStore } from '../../server/store/index.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('confiance simulate on a legal_crpa study', () => {
  it('runs 4 bots to the end, stores legal_crpa on the law_crpa trials, and analyses both conditions by name', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-sim-crpa-'));
    dirs.push(dataDir);
    const run = await simulate(['sim-crpa', '--participants', '4', '--concurrency', '2', '--speed', 'max', '--policy', 'always-follow', '--analyze', '--data-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/participants {2}4: 4 completed, 0 dropped out, 0 errors/);
    // Balanced between subjects: 2 participants x 12 trials per condition; always-follow agrees on every final decision.
    expect(run.stdout).toMatch(/Agreement +chart_fi +24\/24 +1\.000/);
    expect(run.stdout).toMatch(/Agreement +law_crpa +24\/24 +1\.000/);

    const store = await openStore({ dataDir });
    try {
      const byCondition = new Map<string, Set<string>>();
      let decisions = 0;
      for await (const t of store.trials('sim-crpa')) {
        if (t.practice || t.phase !== 'final') continue;
        decisions++;
        const types = byCondition.get(t.condition) ?? new Set<string>();
        types.add(t.advice?.explanation ?? 'no advice');
        byCondition.set(t.condition, types);
      }
      expect(decisions).toBe(48);
      expect(Object.fromEntries([...byCondition].map(([c, types]) => [c, [...types]]))).toEqual({
        chart_fi: ['feature_importance'],
        law_crpa: ['legal_crpa'],
      });
    } finally {
      await store.close();
    }
  }, 120_000);
});
