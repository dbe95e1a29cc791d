import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectMatchesReference } from './compare-json.ts';

const exec = promisify(execFile);

/*
 * The bundled within-subjects (risque-inondation) and 3 x 2 factorial (aide-exceptionnelle) studies, end to end:
 * simulated participants through the real HTTP flow into an embedded store, then `confiance analyze` from the store
 * and from `confiance export`'s trial CSV. Both paths must give the same numbers.
 */
async function cli(args: string[], dataDir: string): Promise<string> {
  const { stdout } = await exec(process.execPath, ['bin/confiance.js', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', EXPERIMENTS_DIR: '' },
    maxBuffer: 64 << 20,
  });
  return stdout;
}

interface Result {
  design: { type: string; source: string; factors: { name: string; levels: string[] }[]; participants_incomplete?: number };
  control: string;
  conditions: { condition: string; participants: number; metrics: Record<string, { k: number; n: number; fixed_by_design?: boolean } | null> }[];
  comparisons: { metric: string; condition: string; welch: unknown; paired_t?: { p: number } | null; bootstrap_difference?: unknown }[];
  omnibus: unknown[];
  factorial: { metric: string; terms: { term: string }[] }[];
  block_order: { orders: { participants: number }[] } | null;
  models?: Record<string, { n: number; fixed: { term: string; estimate: number; se: number }[]; random: { participant_id: number; case_id: number } | null; loglik: number | null; singular: boolean; notes: string[] }>;
  scales: unknown;
}

/**
 * The mixed models of two paths that meet conditions (hence factor levels, hence columns) in different orders: the
 * same terms with the same estimates up to the optimiser's tolerance (1e-4), whatever their order.
 */
function expectSameModels(a: Result, b: Result): void {
  expect(Object.keys(a.models ?? {}).sort()).toEqual(Object.keys(b.models ?? {}).sort());
  for (const [metric, m] of Object.entries(a.models ?? {})) {
    const other = b.models![metric];
    expect(m.n, metric).toBe(other.n);
    expect(m.fixed.map((t) => t.term).sort(), metric).toEqual(other.fixed.map((t) => t.term).sort());
    // Complete separation (a condition whose trials all have one outcome; small simulated studies meet it): the maximum
    // likelihood estimate does not exist and where the optimiser stops (estimates, variances, hence the singular flag)
    // depends on the path, so both paths must say so and only what is determined is compared.
    const separated = (x: typeof m) => x.notes.some((note) => note.includes('complete separation'));
    expect(separated(m), metric).toBe(separated(other));
    if (separated(m)) continue;
    expect(m.singular, metric).toBe(other.singular);
    for (const t of m.fixed) {
      const o = other.fixed.find((x) => x.term === t.term)!;
      expect(Math.abs(t.estimate - o.estimate), `${metric} ${t.term}`).toBeLessThan(1e-4);
      expect(Math.abs(t.se - o.se), `${metric} ${t.term} se`).toBeLessThan(1e-4);
    }
    expect(Math.abs(m.random!.participant_id - other.random!.participant_id)).toBeLessThan(1e-4);
    expect(Math.abs(m.random!.case_id - other.random!.case_id)).toBeLessThan(1e-4);
    expect(Math.abs(m.loglik! - other.loglik!)).toBeLessThan(1e-6);
  }
}

/**
 * Everything but what names the source (experiment, design.source) and the seeded bootstrap, with every list of
 * conditions (conditions, comparisons, scale summaries) sorted by metric and condition.
 */
function comparable(r: Result): unknown {
  const strip = (value: unknown): unknown => {
    // Lists of names (Holm families, factor levels) follow the order conditions are met in: compare them as sets.
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return [...value].sort();
    if (Array.isArray(value) && value.every((v) => typeof (v as { condition?: unknown })?.condition === 'string')) {
      const key = (v: unknown) => { const o = v as { condition: string; metric?: string }; return `${o.metric ?? ''} ${o.condition}`; };
      return [...value].sort((a, b) => key(a).localeCompare(key(b))).map(strip);
    }
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['bootstrap', 'bootstrap_difference', 'source', 'experiment', 'skipped'].includes(key))
        .map(([key, v]) => [key, strip(v)]),
    );
  };
  return strip(r);
}

describe('within-subjects and factorial studies from the store and from their export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confiance-designs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function simulateAndExport(study: string, participants: number): Promise<{ data: string; csv: string; responses: string }> {
    const data = join(dir, study);
    await exec(process.execPath, ['bin/confiance.js', 'simulate', study, '--participants', String(participants), '--concurrency', String(participants), '--speed', '10000', '--data-dir', data], {
      env: { ...process.env, MONGODB_URI: '', DATA_DIR: '', EXPERIMENTS_DIR: '' },
    });
    const out = join(dir, `${study}-export`);
    await cli(['export', study, '--out', out], data);
    const files = await readdir(out);
    const named = (suffix: string) => join(out, files.find((f) => f.endsWith(suffix))!);
    return { data, csv: named('trials.csv'), responses: named('responses.csv') };
  }

  it('risque-inondation (within, Latin square): paired tests and block order, the same from the store and the CSV', async () => {
    const { data, csv, responses } = await simulateAndExport('risque-inondation', 8);
    const fromStore = JSON.parse(await cli(['analyze', 'risque-inondation', '--format', 'json', '--bootstrap', '200'], data)) as Result;
    const fromCsv = JSON.parse(await cli(['analyze', '--input', csv, '--responses', responses, '--format', 'json', '--bootstrap', '200', '--tolerance', '50'], data)) as Result;
    expect(fromStore.design).toMatchObject({ type: 'within', source: 'experiment', participants_incomplete: 0 });
    expect(fromCsv.design).toMatchObject({ type: 'within', source: 'inferred' });
    expect(fromStore.conditions.map((c) => [c.condition, c.participants])).toEqual([['none', 8], ['feature_importance', 8]]);
    const agreement = fromStore.comparisons.find((c) => c.metric === 'agreement')!;
    expect(agreement.welch).toBeNull();
    expect(agreement.paired_t?.p).toBeGreaterThan(0);
    // Two errors per block of 8 by plan: the AI's accuracy is a design constant, not an estimate.
    expect(fromStore.conditions[0].metrics.accuracy_ai).toMatchObject({ k: 48, n: 64, fixed_by_design: true });
    expect(fromStore.block_order!.orders.map((o) => o.participants)).toEqual([4, 4]);
    // The experiment file names the factor (explanation: none, feature_importance); the CSV was given none.
    expect(fromStore.design.factors).toEqual([{ name: 'explanation', levels: ['none', 'feature_importance'] }]);
    const withoutFactors = (r: Result) => comparable({ ...r, design: { ...r.design, factors: [], condition_levels: {} } as Result['design'] });
    expect(withoutFactors(fromCsv)).toEqual(withoutFactors(fromStore));
    // Same resamples on both paths (same participants in the same order): the bootstrap agrees too.
    expect(fromCsv.comparisons.map((c) => c.bootstrap_difference)).toEqual(fromStore.comparisons.map((c) => c.bootstrap_difference));
  }, 120_000);

  it('aide-exceptionnelle (3 x 2 between): main effects and interaction, the same from the store and the CSV', async () => {
    const { data, csv, responses } = await simulateAndExport('aide-exceptionnelle', 18);
    const fromStore = JSON.parse(await cli(['analyze', 'aide-exceptionnelle', '--format', 'json', '--bootstrap', '100'], data)) as Result;
    const fromCsv = JSON.parse(
      await cli(['analyze', '--input', csv, '--responses', responses, '--format', 'json', '--bootstrap', '100', '--factors', 'explanation,framing', '--control', 'none+outil'], data),
    ) as Result;
    expect(fromStore.control).toBe('none+outil');
    expect(fromStore.conditions[0].condition).toBe('none+outil');
    expect(fromStore.design.factors).toEqual([
      { name: 'explanation', levels: ['none', 'rationale', 'similar_cases'] },
      { name: 'framing', levels: ['outil', 'autorite'] },
    ]);
    expect(fromStore.factorial.find((f) => f.metric === 'agreement')!.terms.map((t) => t.term)).toEqual([
      'explanation', 'framing', 'explanation:framing',
    ]);
    // A CSV lists levels in order of appearance, the experiment file in its own order: same sets.
    expect(fromCsv.design.factors.map((f) => [f.name, [...f.levels].sort()])).toEqual(
      fromStore.design.factors.map((f) => [f.name, [...f.levels].sort()]),
    );
    // The two paths meet the participants in different orders: the least squares agree to rounding (1e-9 relative).
    // The custom scale's reversed items are declared in the experiment file only, which a CSV analysis does not read.
    const withoutDesign = (r: Result) => comparable({ ...r, design: null as unknown as Result['design'], scales: null, models: undefined });
    expectMatchesReference(withoutDesign(fromCsv), withoutDesign(fromStore), 1e-9);
    expectSameModels(fromCsv, fromStore);
    expect(Object.keys(fromStore.models!)).toEqual(['agreement', 'overreliance']);
    expect(fromStore.models!.agreement.fixed.map((t) => t.term)).toEqual([
      '(Intercept)', 'explanationrationale', 'explanationsimilar_cases', 'framingautorite',
      'explanationrationale:framingautorite', 'explanationsimilar_cases:framingautorite',
    ]);
    // A factor the experiment file does not declare: a user error, exit 1.
    await expect(cli(['analyze', 'aide-exceptionnelle', '--factors', 'explanation,tone', '--bootstrap', '0'], data)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown factor(s) in --factors: "tone"'),
    });
  }, 120_000);
});
