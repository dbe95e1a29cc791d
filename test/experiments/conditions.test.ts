import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { experimentSchema, type ExperimentFile } from '../../experiments/schema.ts';
import { resolveConditions } from '../../experiments/conditions.ts';

const raw = parse(readFileSync(join(import.meta.dirname, 'fixtures', 'minimal', 'experiment.yaml'), 'utf8')) as Record<string, unknown>;
function file(patch: (f: Record<string, any>) => void): ExperimentFile {
  const copy = structuredClone(raw) as Record<string, any>;
  patch(copy);
  return experimentSchema.parse(copy);
}

describe('resolveConditions', () => {
  it('crosses three factors in the order written: 2 x 2 x 2 = 8 ids', () => {
    const f = file((x) => {
      x.factors.pressure = { levels: { calm: {}, rushed: { time_limit_s: 20 } } };
    });
    const { conditions, problems } = resolveConditions(f);
    expect(problems).toEqual([]);
    expect(conditions.map((c) => c.id)).toEqual([
      'none+tool+calm', 'none+tool+rushed', 'none+authority+calm', 'none+authority+rushed',
      'feature_importance+tool+calm', 'feature_importance+tool+rushed', 'feature_importance+authority+calm', 'feature_importance+authority+rushed',
    ]);
    expect(conditions[1].timeLimitS).toBe(20);
    expect(conditions[0].timeLimitS).toBeUndefined();
  });

  it('keeps an explicit list as written, with its ids and merged settings', () => {
    const f = file((x) => {
      x.design.conditions = [
        { id: 'ctrl', levels: { explanation: 'none', framing: 'tool' } },
        { id: 'xai', levels: { explanation: 'feature_importance', framing: 'authority' } },
      ];
      x.design.control = 'ctrl';
    });
    const { conditions, control, problems } = resolveConditions(f);
    expect(problems).toEqual([]);
    expect(conditions.map((c) => [c.id, c.explanation.type, c.framing?.en])).toEqual([
      ['ctrl', 'none', 'A support tool'],
      ['xai', 'feature_importance', 'The reference system'],
    ]);
    expect(control).toBe('ctrl');
  });

  it('reports a setting clash once per pair of levels, not once per combination', () => {
    const f = file((x) => {
      x.factors.framing.levels.tool.stated_accuracy = 0.9;
      x.factors.pressure = { levels: { calm: { stated_accuracy: 0.8 }, rushed: {} } };
    });
    const { problems, conditions } = resolveConditions(f);
    // tool sets stated_accuracy, and so does calm: the clash exists in none+tool+calm and feature_importance+tool+calm.
    expect(problems.map((p) => p.path.join('.'))).toEqual(['factors.pressure.levels.calm.stated_accuracy']);
    expect(conditions.map((c) => c.id)).not.toContain('none+tool+calm');
    expect(conditions.map((c) => c.id)).toContain('none+authority+calm');
  });

  it('refuses factorial with no factor at all', () => {
    const f = file((x) => {
      x.factors = {};
    });
    expect(resolveConditions(f).problems.map((p) => p.path)).toEqual([['factors']]);
  });
});
