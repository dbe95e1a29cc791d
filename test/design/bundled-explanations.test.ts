/**
 * What the engine writes for the first participants of each bundled study, read as a participant would: with the
 * study's own conditions, and with every explanation type (a simulated advisor with errors, so that generated texts
 * appear for right and wrong advice). Checks typography and language of the generated texts (the case bank's own
 * texts are the generators' business) and the numbers of the other explanation types.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { planParticipant } from '../../experiments/design.ts';
import type { ExplanationOptions } from '../../experiments/explanations/index.ts';
import type { Case, Condition, Experiment } from '../../experiments/model.ts';
import type { Language } from '../../experiments/schema.ts';

const IDS = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation'] as const;
const ALL_TYPES: ExplanationOptions[] = [
  { type: 'confidence', format: 'both' },
  { type: 'feature_importance', top: 5, show_values: true },
  { type: 'counterfactual', max_changes: 2 },
  { type: 'similar_cases', count: 3 },
  { type: 'rationale', max_factors: 3 },
];

const studies: Record<string, Experiment> = {};
beforeAll(async () => {
  for (const id of IDS) studies[id] = await loadExperiment(`experiments/studies/${id}/experiment.yaml`);
});

/** Every type, between subjects, simulated advisor with 4 errors in 20: the generated texts show up. */
function withAllTypes(exp: Experiment): Experiment {
  const file = structuredClone(exp.file);
  Object.assign(file.design, { type: 'between' });
  Object.assign(file.advisor, { source: 'simulated', errors: 4, no_errors_in_first: 0, min_gap: 0 });
  const conditions = ALL_TYPES.map((e): Condition => ({ id: e.type, levels: { explanation: e.type }, explanation: e }));
  return { ...exp, file, conditions };
}

interface Shown {
  exp: Experiment;
  c: Case;
  lang: Language;
  text: string;
}

/** Generated texts (not the bank's) of participants p-0001..p-0005, every condition, practice and decision trials. */
function generatedTexts(exp: Experiment): Shown[] {
  const out: Shown[] = [];
  for (let p = 1; p <= 5; p++) {
    const conditions = exp.file.design.type === 'within' ? [null] : exp.conditions.map((c) => c.id);
    for (const condition of conditions) {
      const plan = planParticipant(exp, `p-000${p}`, condition, p - 1);
      for (const t of [...plan.practice, ...plan.trials]) {
        const e = t.advice?.explanation;
        const c = exp.caseById.get(t.caseId)!;
        if (e?.type === 'rationale') {
          for (const lang of exp.file.languages) if (e.text[lang] !== c.ai.rationale?.[lang]) out.push({ exp, c, lang, text: e.text[lang] ?? '' });
        }
        if (e?.type === 'counterfactual' && e.text && e.changes.length === 0) {
          for (const lang of exp.file.languages) if (e.text[lang] !== c.ai.counterfactual?.[lang]) out.push({ exp, c, lang, text: e.text[lang] ?? '' });
        }
      }
    }
  }
  return out;
}

/** The text without the case's own text values (the case bank holds them in French only). */
function withoutCaseTexts({ exp, c, text }: Shown): string {
  return exp.file.display.fields.reduce((t, f) => (typeof c.values[f.key] === 'string' ? t.split(String(c.values[f.key])).join('…') : t), text);
}

function expectReadable(s: Shown): void {
  const text = withoutCaseTexts(s);
  expect(text.length).toBeGreaterThan(20);
  expect(text).toMatch(/\.$/);
  expect(text).not.toMatch(/(^|[\s(])-\d/); // a minus sign, not a hyphen
  expect(text).not.toMatch(/\s{2}|undefined|NaN/);
  if (s.lang === 'fr') {
    expect(text).not.toMatch(/"/);
    expect(text).not.toMatch(/\d\.\d/); // decimal comma
    expect(text).not.toMatch(/\d,\d{3}/); // at most 2 decimals
    expect(text).not.toMatch(/ [:;»]|« /); // no-break spaces in French punctuation
    expect(text).not.toMatch(/\b(the|and|of|AI|estimate|households|factors?)\b/i);
  } else {
    expect(text).not.toMatch(/\d\.\d{3}/);
    expect(text).not.toMatch(/\d,\d{1,2}(?!\d)/); // no decimal comma
    expect(text).not.toMatch(/ [:;]/);
    expect(text).not.toMatch(/\b(l'IA|de|et|le|la|les|des|ménages|recommande|estimation)\b/i);
  }
}

describe('generated texts of the first 5 participants read well in French and English', () => {
  for (const id of IDS) {
    it(`${id}: its own conditions and every explanation type`, () => {
      const texts = [...generatedTexts(studies[id]), ...generatedTexts(withAllTypes(studies[id]))];
      for (const s of texts) expectReadable(s);
      expect(texts.filter((s) => s.lang === 'fr').length).toBeGreaterThan(20);
      expect(texts.filter((s) => s.lang === 'en').length).toBe(texts.filter((s) => s.lang === 'fr').length);
    });
  }
});

describe('numbers of the other explanation types, first 5 participants', () => {
  it('risque-inondation: feature importance weights are whole households (its own feature_importance block)', () => {
    const exp = studies['risque-inondation'];
    let factors = 0;
    for (let p = 1; p <= 5; p++) {
      for (const t of planParticipant(exp, `p-000${p}`, null, p - 1).trials) {
        if (t.advice?.explanation.type !== 'feature_importance') continue;
        for (const f of t.advice.explanation.factors) {
          expect(Number.isInteger(f.weight)).toBe(true);
          factors++;
        }
      }
    }
    expect(factors).toBeGreaterThan(100);
  });

  it('every study: counterfactual values rounded as the bank writes the field (integers stay integers)', () => {
    for (const id of IDS) {
      const exp = withAllTypes(studies[id]);
      for (let p = 1; p <= 5; p++) {
        for (const t of planParticipant(exp, `p-000${p}`, 'counterfactual').trials) {
          if (t.advice?.explanation.type !== 'counterfactual') continue;
          for (const ch of t.advice.explanation.changes) {
            const format = exp.file.display.fields.find((f) => f.key === ch.field)?.format;
            if (format === 'integer') expect(Number.isInteger(ch.to)).toBe(true);
            if (typeof ch.to === 'number') expect(Math.abs(ch.to * 100 - Math.round(ch.to * 100))).toBeLessThan(1e-6);
          }
        }
      }
    }
  });
});
