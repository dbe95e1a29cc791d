/**
 * The decision-power settings in the experiment file: crossable factor-level settings, refused with the file, line
 * and field where they are not defined (last_word ai in two stages; either setting on a numeric task), covered by the
 * JSON Schema and shown in `validate`'s summary.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, validateExperimentFile } from '../../experiments/load.ts';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';
import { summarizeExperiment } from '../../experiments/summary.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-power-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of a bundled study with `edit` applied to its experiment file; returns the file's path. */
async function variant(study: string, name: string, edit: (yaml: string) => string): Promise<string> {
  const target = join(dir, name);
  await cp(join('experiments/studies', study), target, { recursive: true });
  const file = join(target, 'experiment.yaml');
  const edited = edit(await readFile(file, 'utf8'));
  await writeFile(file, edited);
  return file;
}

const lineOf = (yaml: string, text: string, from = 0): number => yaml.slice(0, yaml.indexOf(text, from)).split('\n').length;

describe('validation of the decision-power settings', () => {
  it('refuses last_word "ai" in a two-stage study, at the line of the setting', async () => {
    const file = await variant('controle-sanitaire', 'two-stage', (y) => y.replace('paradigm: one_stage ', 'paradigm: two_stage '));
    const result = await validateExperimentFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const yaml = await readFile(file, 'utf8');
    expect(result.problems).toEqual([
      `${file}:${lineOf(yaml, 'last_word: ai')}:20  factors.dernier_mot.levels.ia.last_word: last_word "ai" needs procedure.paradigm "one_stage" (in two stages the agent decides before seeing the proposal to apply)`,
    ]);
  });

  it('refuses both settings on a numeric task (an override of an estimate is not defined)', async () => {
    const file = await variant('risque-inondation', 'numeric', (y) =>
      y.replace('      none:\n        explanation: { type: none }', '      none:\n        explanation: { type: none }\n        last_word: ai\n        justify_overrides: { min_chars: 30 }'),
    );
    const result = await validateExperimentFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => /  (\S+): /.exec(p)![1]);
    expect(paths).toEqual(['factors.explanation.levels.none.last_word', 'factors.explanation.levels.none.last_word', 'factors.explanation.levels.none.justify_overrides']);
    expect(result.problems.join('\n')).toContain('needs a binary or categorical task');
    // (two stages and a numeric task: two reasons for last_word, one for justify_overrides)
  });

  it('refuses an unknown last_word and a justification minimum out of range, with the field', async () => {
    const file = await variant('controle-sanitaire', 'bad-values', (y) =>
      y.replace('last_word: ai', 'last_word: maybe').replace('justify_overrides: { min_chars: 40 }', 'justify_overrides: { min_chars: 0 }'),
    );
    const result = await validateExperimentFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const yaml = await readFile(file, 'utf8');
    const located = result.problems.map((p) => /:(\d+):\d+  (\S+): /.exec(p)!.slice(1, 3));
    expect(located).toEqual([
      [String(lineOf(yaml, 'last_word: maybe')), 'factors.dernier_mot.levels.ia.last_word'],
      [String(lineOf(yaml, 'min_chars: 0')), 'factors.redevabilite.levels.justifiee.justify_overrides.min_chars'],
    ]);
  });

  it('refuses two levels setting last_word in one condition (a setting belongs to one factor)', async () => {
    const file = await variant('controle-sanitaire', 'clash', (y) => y.replace('      libre: {}', '      libre:\n        last_word: agent'));
    const result = await validateExperimentFile(file);
    expect(result.ok ? [] : result.problems.join('\n')).toContain('factors.redevabilite.levels.libre.last_word: "last_word" is also set by factor "dernier_mot"');
  });

  it('crosses with other settings: justify_overrides in a two-stage study applies to the final decision', async () => {
    const file = await variant('signaux-faibles', 'two-stage-justified', (y) =>
      y.replace('        explanation: { type: none }', '        explanation: { type: none }\n        justify_overrides: { min_chars: 20 }'),
    );
    const exp = await loadExperiment(file);
    expect(exp.conditions.find((c) => c.id === 'none')?.justifyOverrides).toEqual({ min_chars: 20 });
    expect(exp.conditions.find((c) => c.id === 'confidence')?.justifyOverrides).toBeUndefined();
  });
});

describe('JSON Schema and summary', () => {
  it('the JSON Schema of a factor level has last_word and justify_overrides', () => {
    const text = JSON.stringify(experimentJsonSchema());
    expect(text).toContain('"last_word":{"description":"agent: the agent decides with the advice shown (default)');
    expect(text).toMatch(/"last_word":\{[^}]*"enum":\["agent","ai"\]/);
    expect(text).toMatch(/"justify_overrides":\{[^]*?"min_chars":\{[^}]*"minimum":1/);
  });

  it("validate's summary names each condition's last word and justification", async () => {
    const exp = await loadExperiment('experiments/studies/controle-sanitaire/experiment.yaml');
    const en = summarizeExperiment(exp, 'en');
    expect(en).toContain('    - agent+libre (control): explanation confidence; last word: agent\n');
    expect(en).toContain('    - ia+justifiee: explanation confidence; last word: AI (proposal applied unless overridden); overrides justified (>= 40 characters)\n');
    expect(summarizeExperiment(exp, 'fr')).toContain('dernier mot : IA (proposition appliquée sauf dérogation); dérogations justifiées (>= 40 caractères)');
  });
});
