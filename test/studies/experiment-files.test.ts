/**
 * Each bundled study parses with the zod schema and refers only to what its case bank holds. The full loader
 * (cross-field checks, conditions) is exercised on the same files by test/experiments/bundled.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { experimentSchema, type ExperimentFile } from '../../experiments/schema.ts';

const STUDIES_DIR = join(import.meta.dirname, '../../experiments/studies');

function readStudy(id: string): { file: ExperimentFile; cases: Record<string, string>[] } {
  const raw: unknown = parseYaml(readFileSync(join(STUDIES_DIR, id, 'experiment.yaml'), 'utf8'));
  const parsed = experimentSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${id}: ${JSON.stringify(parsed.error.issues, null, 1)}`);
  const cases = parseCsv(readFileSync(join(STUDIES_DIR, id, parsed.data.cases.file), 'utf8'), { columns: true }) as Record<string, string>[];
  return { file: parsed.data, cases };
}

describe.each(['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire'])('bundled study %s', (id) => {
  it('parses with experimentSchema and has the id of its folder', () => {
    expect(readStudy(id).file.id).toBe(id);
  });

  it('has a case bank of at least 120 cases with a column per displayed number and a column per language for each text', () => {
    const { file, cases } = readStudy(id);
    expect(cases.length).toBeGreaterThanOrEqual(120);
    for (const field of file.display.fields) {
      if (field.format === 'text') for (const lang of file.languages) expect(Object.keys(cases[0])).toContain(`${field.key}_${lang}`);
      else expect(Object.keys(cases[0])).toContain(field.key);
    }
  });

  it('uses only declared labels in truth and ai_recommendation', () => {
    const { file, cases } = readStudy(id);
    if (file.task.type === 'numeric') {
      const { min, max } = file.task;
      for (const c of cases) {
        expect(Number(c.truth)).toBeGreaterThanOrEqual(min);
        expect(Number(c.truth)).toBeLessThanOrEqual(max);
      }
      return;
    }
    const values = new Set(file.task.labels.map((l) => l.value));
    for (const c of cases) {
      expect(values).toContain(c.truth);
      expect(values).toContain(c.ai_recommendation);
    }
  });

  it('marks practice and attention cases, and its attention checks point at attention cases', () => {
    const { file, cases } = readStudy(id);
    const attention = new Set(cases.filter((c) => c.attention_check === '1').map((c) => c.case_id));
    expect(cases.filter((c) => c.practice === '1').length).toBeGreaterThanOrEqual(file.procedure.practice.count);
    expect(attention.size).toBeGreaterThanOrEqual(2);
    for (const check of file.procedure.attention_checks) if (check.kind === 'obvious_case') expect(attention).toContain(check.case);
  });

  it('has every text in French and in English', () => {
    const { file } = readStudy(id);
    expect(file.languages).toEqual(['fr', 'en']);
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const keys = Object.keys(node);
      if (keys.includes('fr') || keys.includes('en')) {
        expect(Object.keys(node).sort()).toEqual(['en', 'fr']);
        return;
      }
      for (const child of Object.values(node)) walk(child);
    };
    walk(file);
  });
});
