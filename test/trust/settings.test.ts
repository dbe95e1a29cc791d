/**
 * The experiment-file side: `first_error_at` in the error schedule and its feasibility checks (file, line, field),
 * `trust_probe` in the procedure and in factor levels, the `validate` summary and the JSON Schema.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstErrorProblem, scheduleWithFirstError } from '../../experiments/first-error-position.ts';
import { createRng } from '../../experiments/random.ts';
import { loadExperiment, validateExperimentFile } from '../../experiments/load.ts';
import { summarizeExperiment } from '../../experiments/summary.ts';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';
import { probedAt } from '../../experiments/trust-probe.ts';

const MINIMAL = join(import.meta.dirname, '..', 'experiments', 'fixtures', 'minimal');
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of the minimal fixture (binary, 2 x 2 between, 12 trials, 3 errors, none in the first 2) with `edit` applied to its YAML text. */
async function minimalWith(edit: (yaml: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'confiance-probe-'));
  temps.push(dir);
  await cp(MINIMAL, dir, { recursive: true });
  const path = join(dir, 'experiment.yaml');
  await writeFile(path, edit(await readFile(path, 'utf8')));
  return path;
}

const LEVELS = (none: string, fi: string) => (yaml: string) =>
  yaml
    .replace('      none: {}', `      none: { ${none} }`)
    .replace('        explanation: { type: feature_importance, top: 3 }', `        explanation: { type: feature_importance, top: 3 }\n        ${fi}`);

describe('an exact first error position in the error schedule', () => {
  const c = { noErrorsInFirst: 2, noErrorsInLast: 1, minGap: 2 };

  it('puts the first wrong advice at the position and the others after it, under min_gap and no_errors_in_last', () => {
    const seconds = new Set<number>();
    for (let seed = 0; seed < 300; seed++) {
      const wrong = scheduleWithFirstError(12, 3, c, 4, createRng(seed));
      const at = wrong.flatMap((w, i) => (w ? [i + 1] : []));
      expect(at).toHaveLength(3);
      expect(at[0]).toBe(4);
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(3);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(3);
      expect(at[2]).toBeLessThanOrEqual(11);
      seconds.add(at[1]);
    }
    // The second error can be at 7 or 8 (then the third at 10 or 11): every valid place is drawn.
    expect([...seconds].sort()).toEqual([7, 8]);
  });

  it('says why a position cannot be honoured', () => {
    expect(firstErrorProblem(12, 3, c, 4)).toBeNull();
    expect(firstErrorProblem(12, 0, c, 4)).toBe('there is no error to place (0 wrong advices)');
    expect(firstErrorProblem(12, 3, c, 2)).toBe('position 2 is among the first 2 trials, which advisor.no_errors_in_first keeps right');
    expect(firstErrorProblem(12, 3, c, 12)).toBe('position 12 is among the last 1 trials, which advisor.no_errors_in_last keeps right');
    expect(firstErrorProblem(12, 3, c, 13)).toBe('position 13 is beyond the 12 decision trials');
    expect(firstErrorProblem(12, 3, c, 6)).toBe(
      'the 2 other errors must come after it with at least 2 right trials between two: only 3 trials (9-11) can hold them',
    );
    expect(firstErrorProblem(12, 2, c, 11)).toBe('the 1 other error must come after it with at least 2 right trials between two: no trial after it can hold them');
    expect(() => scheduleWithFirstError(12, 3, c, 6, createRng(1))).toThrow(RangeError);
  });
});

describe('first_error_at in an experiment file', () => {
  it('is honoured per condition by the design engine', async () => {
    const exp = await loadExperiment(await minimalWith(LEVELS('first_error_at: 3', 'first_error_at: 8')));
    expect(exp.conditions.map((x) => [x.id, x.firstErrorAt])).toEqual([
      ['none+tool', 3],
      ['none+authority', 3],
      ['feature_importance+tool', 8],
      ['feature_importance+authority', 8],
    ]);
    expect(summarizeExperiment(exp)).toContain('none+tool (control): explanation none; framing "A support tool"; AI accuracy 75.0 % (3 errors / 12); first AI error at trial 3');
    expect(summarizeExperiment(exp, 'fr')).toContain("première erreur de l'IA à l'essai 8");
  });

  it('is refused with the file, line and field when the schedule cannot honour it', async () => {
    const path = await minimalWith(LEVELS('first_error_at: 2', 'first_error_at: 11'));
    const result = await validateExperimentFile(path);
    // none: {...} is line 39 (value at column 31); the inserted feature_importance line is 42.
    expect(result.ok ? [] : result.problems).toEqual([
      `${path}:39:31  factors.explanation.levels.none.first_error_at: first error at trial 2 cannot be honoured in condition "none+tool" (3 wrong among 12 trials): position 2 is among the first 2 trials, which advisor.no_errors_in_first keeps right`,
      `${path}:42:25  factors.explanation.levels.feature_importance.first_error_at: first error at trial 11 cannot be honoured in condition "feature_importance+tool" (3 wrong among 12 trials): the 2 other errors must come after it with at least 1 right trial between two: no trial after it can hold them`,
    ]);
  });

  it('is refused with a case-bank advisor, and must be a whole number from 1', async () => {
    const bank = await minimalWith((y) => LEVELS('first_error_at: 3', '')(y).replace('  source: simulated\n  errors: 3\n  no_errors_in_first: 2', '  source: case_bank'));
    const r1 = await validateExperimentFile(bank);
    expect(r1.ok ? [] : r1.problems).toEqual([expect.stringMatching(/factors\.explanation\.levels\.none\.first_error_at: first_error_at is used only with advisor\.source "simulated"/)]);
    const r2 = await validateExperimentFile(await minimalWith(LEVELS('first_error_at: 0', '')));
    expect(r2.ok ? [] : r2.problems).toEqual([expect.stringMatching(/levels\.none\.first_error_at: .*>=\s?1/)]);
  });
});

describe('trust_probe in an experiment file', () => {
  it('applies the procedure probe to every condition, a level probe to its conditions, and false turns it off', async () => {
    const exp = await loadExperiment(
      await minimalWith((y) =>
        LEVELS('trust_probe: false', '')(y).replace('  paradigm: two_stage', '  paradigm: two_stage\n  trust_probe: { every: 4, self_confidence: true }'),
      ),
    );
    expect(exp.conditions.map((x) => [x.id, x.trustProbe ?? null])).toEqual([
      ['none+tool', null],
      ['none+authority', null],
      ['feature_importance+tool', { every: 4, scalePoints: 7, selfConfidence: true }],
      ['feature_importance+authority', { every: 4, scalePoints: 7, selfConfidence: true }],
    ]);
    expect(summarizeExperiment(exp)).toContain('feature_importance+tool: explanation feature_importance; framing "A support tool"; AI accuracy 75.0 % (3 errors / 12); trust rating every 4 trials (1-7) with self-confidence');
    expect([1, 2, 3, 4, 8, 12].map((p) => probedAt(exp.conditions[2].trustProbe, p))).toEqual([false, false, false, true, true, true]);
  });

  it('refuses a bad probe with the line and field', async () => {
    const path = await minimalWith((y) => y.replace('  paradigm: two_stage', '  paradigm: two_stage\n  trust_probe: { every: 0, scale_points: 12, wording: x }'));
    const result = await validateExperimentFile(path);
    expect(result.ok ? [] : result.problems).toEqual([
      `${path}:52:25  procedure.trust_probe.every: expected a number >= 1, found a number (0)`,
      `${path}:52:42  procedure.trust_probe.scale_points: expected a number <= 11, found a number (12)`,
      `${path}:52:46  procedure.trust_probe.wording: unknown key "wording" (allowed here: every, scale_points, self_confidence, text, self_confidence_text, anchors)`,
    ]);
  });

  it('is described in the JSON Schema, in the procedure and in factor levels', () => {
    const text = JSON.stringify(experimentJsonSchema());
    const schema = experimentJsonSchema() as { properties: { procedure: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.procedure.properties)).toContain('trust_probe');
    expect(text).toContain('in-task trust rating in this condition (false: none)');
    expect(text).toContain('"first_error_at"');
    expect(text).toContain('"self_confidence"');
  });
});
