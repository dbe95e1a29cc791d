import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadExperiment, validateExperimentFile } from '../../experiments/load.ts';

const MINIMAL = join(import.meta.dirname, 'fixtures', 'minimal');
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function copyOfMinimal(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'confiance-load-'));
  temps.push(dir);
  await cp(MINIMAL, dir, { recursive: true });
  return dir;
}

describe('loadExperiment on a valid file', () => {
  it('crosses two factors into condition ids joined by "+", in the order the factors are written', async () => {
    const exp = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    expect(exp.conditions.map((c) => c.id)).toEqual(['none+tool', 'none+authority', 'feature_importance+tool', 'feature_importance+authority']);
    expect(exp.conditions[2].levels).toEqual({ explanation: 'feature_importance', framing: 'tool' });
  });

  it('merges the settings of the levels of each condition (explanation defaults to none)', async () => {
    const exp = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    const [plain, , explained] = exp.conditions;
    expect(plain.explanation).toEqual({ type: 'none' });
    expect(plain.framing).toEqual({ fr: "Un outil d'aide", en: 'A support tool' });
    expect(explained.explanation).toEqual({ type: 'feature_importance', top: 3, show_values: true });
  });

  it('takes the first condition as control when there is neither design.control nor a condition named none', async () => {
    const exp = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    expect(exp.control).toBe('none+tool');
  });

  it('takes design.control when given', async () => {
    const dir = await copyOfMinimal();
    const yaml = (await readFile(join(dir, 'experiment.yaml'), 'utf8')).replace('  type: between\n', '  type: between\n  control: none+authority\n');
    await writeFile(join(dir, 'experiment.yaml'), yaml);
    expect((await loadExperiment(join(dir, 'experiment.yaml'))).control).toBe('none+authority');
  });

  it('uses the level name as condition id for a single factor, and picks "none" as control', async () => {
    const dir = await copyOfMinimal();
    const yaml = (await readFile(join(dir, 'experiment.yaml'), 'utf8')).replace(/  framing:\n    levels:\n(      .*\n|        .*\n)+/, '');
    await writeFile(join(dir, 'experiment.yaml'), yaml.replace('design:', 'design:\n  conditions: factorial'));
    const exp = await loadExperiment(join(dir, 'experiment.yaml'));
    expect(exp.conditions.map((c) => c.id)).toEqual(['none', 'feature_importance']);
    expect(exp.control).toBe('none');
  });

  it('parses the case bank: numbers in numeric fields, AI material, practice and attention flags', async () => {
    const exp = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    expect(exp.cases).toHaveLength(26);
    const c01 = exp.caseById.get('c01');
    expect(c01).toEqual({
      id: 'c01',
      truth: 'contacter',
      values: { sector: 'commerce', headcount: 144, debt_ratio: 0.65 },
      ai: { recommendation: 'contacter', confidence: 0.71, contributions: { headcount: -0.15, debt_ratio: 0.4 } },
      attentionCheck: false,
      practice: false,
    });
    expect(exp.caseById.get('att1')?.attentionCheck).toBe(true);
    expect(exp.cases.filter((c) => c.practice).map((c) => c.id)).toEqual(['c23', 'c24']);
  });

  it('gives a 64-hex configHash that is the same on every load', async () => {
    const a = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    const b = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    expect(a.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.configHash).toBe(a.configHash);
  });

  it('changes the configHash when one cell of the case bank changes', async () => {
    const dir = await copyOfMinimal();
    const before = await loadExperiment(join(dir, 'experiment.yaml'));
    const csv = await readFile(join(dir, 'cases.csv'), 'utf8');
    await writeFile(join(dir, 'cases.csv'), csv.replace('c01,commerce,144,', 'c01,commerce,145,'));
    const after = await loadExperiment(join(dir, 'experiment.yaml'));
    expect(after.configHash).not.toBe(before.configHash);
  });

  it('changes the configHash when the file changes, but not when only comments or key order change', async () => {
    const dir = await copyOfMinimal();
    const path = join(dir, 'experiment.yaml');
    const original = await readFile(path, 'utf8');
    const base = (await loadExperiment(path)).configHash;
    await writeFile(path, `# a new comment\n${original.replace('seed: 7\n', '').replace('completion_code: MIN-2024\n', 'completion_code: MIN-2024\nseed: 7\n')}`);
    expect((await loadExperiment(path)).configHash).toBe(base);
    await writeFile(path, original.replace('seed: 7', 'seed: 8'));
    expect((await loadExperiment(path)).configHash).not.toBe(base);
  });

  it('loads the same experiment written in JSON, with the same configHash', async () => {
    const yaml = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    const json = await loadExperiment(join(import.meta.dirname, 'fixtures', 'minimal-json', 'experiment.json'));
    expect(json.conditions).toEqual(yaml.conditions);
    expect(json.configHash).toBe(yaml.configHash);
  });

  it('reads a JSON case bank like the CSV one, and names its line on a bad value', async () => {
    const dir = await copyOfMinimal();
    const rows = parse(await readFile(join(dir, 'cases.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const asJson = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '').map(([k, v]) => [k, /^[\d.-]+$/.test(v) ? Number(v) : v])));
    await writeFile(join(dir, 'cases.json'), JSON.stringify(asJson, null, 2));
    const yaml = (await readFile(join(dir, 'experiment.yaml'), 'utf8')).replace('file: cases.csv', 'file: cases.json');
    await writeFile(join(dir, 'experiment.yaml'), yaml);
    const fromJson = await loadExperiment(join(dir, 'experiment.yaml'));
    const fromCsv = await loadExperiment(join(MINIMAL, 'experiment.yaml'));
    expect(fromJson.cases).toEqual(fromCsv.cases);

    asJson[2].truth = 'peut_etre';
    await writeFile(join(dir, 'cases.json'), JSON.stringify(asJson, null, 2));
    const result = await validateExperimentFile(join(dir, 'experiment.yaml'));
    // "[" is line 1; each case spans 11 lines ("{", 9 keys, "}"): the third starts on line 24, truth is its 5th key.
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(/cases\.json:29:14  truth: "peut_etre" is not a label of the task/),
    ]);
  });

  it('reports a file that does not exist or has the wrong extension, without throwing anything but a UserError', async () => {
    expect(await validateExperimentFile('test/experiments/nope.yaml')).toEqual({
      ok: false,
      problems: ['test/experiments/nope.yaml  (file): file not found'],
    });
    const result = await validateExperimentFile(join(MINIMAL, 'cases.csv'));
    expect(result.ok ? [] : result.problems[0]).toMatch(/must end in \.yaml, \.yml or \.json, found "\.csv"/);
  });
});
