/**
 * `legal_crpa` (CRPA art. R311-3-1-2) on the three bundled case banks (binary, categorical, numeric), in French and
 * English: the four parts are built from the file and the case (1° the mode, 2° every displayed field with its value
 * and source, 3° every parameter with its weight for the advice shown and its share, 4° the operations), they read
 * in words, and the content never carries the truth.
 */
import ejs from 'ejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, validateExperimentFile } from '../../experiments/load.ts';
import { planParticipant } from '../../experiments/design.ts';
import { contributionsFor } from '../../experiments/explanations/evidence.ts';
import { explanationViewOf, type ExplanationContent } from '../../experiments/explanations/index.ts';
import { legalCrpaView, type LegalCrpaContent, type LegalCrpaOptions } from '../../experiments/explanations/legal-crpa.ts';
import type { Condition, Experiment } from '../../experiments/model.ts';
import { LANGUAGES, type Language } from '../../experiments/schema.ts';
import { summarizeExperiment } from '../../experiments/summary.ts';
import { MESSAGES, translator } from '../../server/i18n.ts';

const IDS = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation'] as const;
const NBSP = '\u00a0';
const studies: Record<string, Experiment> = {};
beforeAll(async () => {
  for (const id of IDS) studies[id] = await loadExperiment(`experiments/studies/${id}/experiment.yaml`);
});

function options(extra: Partial<LegalCrpaOptions> = {}): LegalCrpaOptions {
  return { type: 'legal_crpa', contribution: 'advisory', ...extra };
}

/** The study with one legal_crpa condition, between subjects, a simulated advisor wrong on 4 of its trials. */
function withCrpa(exp: Experiment, opts: LegalCrpaOptions = options()): Experiment {
  const file = structuredClone(exp.file);
  Object.assign(file.design, { type: 'between' });
  Object.assign(file.advisor, { source: 'simulated', errors: 4, no_errors_in_first: 0, min_gap: 0 });
  const conditions: Condition[] = [{ id: 'crpa', levels: { explanation: 'crpa' }, explanation: opts }];
  return { ...exp, file, conditions };
}

/** Decision trials of the first 3 participants with their legal_crpa content. */
function crpaTrials(exp: Experiment) {
  const out: { content: LegalCrpaContent; caseId: string; recommendation: string | number; correct: boolean }[] = [];
  for (let p = 1; p <= 3; p++) {
    for (const t of planParticipant(exp, `p-000${p}`, 'crpa').trials) {
      const e = t.advice?.explanation;
      if (e?.type !== 'legal_crpa') throw new Error(`expected legal_crpa, got ${e?.type}`);
      out.push({ content: e, caseId: t.caseId, recommendation: t.advice!.recommendation, correct: t.advice!.correct });
    }
  }
  return out;
}

function render(exp: Experiment, content: ExplanationContent, lang: Language): Promise<string> {
  const tr = translator(lang);
  const view = explanationViewOf(content, { experiment: exp, tr });
  expect(view.partial).toBe('legal-crpa');
  return ejs.renderFile(`views/explanations/${view.partial}.ejs`, { x: view.model, t: tr.t, lang });
}

/** Visible text of the rendered partial, one space between elements (no-break spaces kept). */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/[ \t\n]+/g, ' ').trim();
}

/** Every string or number value in `node`, but the keys and the names of fields (`field`), which are the file's. */
function valuesIn(node: unknown): (string | number)[] {
  if (typeof node === 'string' || typeof node === 'number') return [node];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'field' ? [] : valuesIn(value)));
}

describe('legal_crpa content, built from the case bank and the file', () => {
  it.each(IDS)('%s: 2° lists every displayed field with its value; 3° every parameter with the weights for the advice shown', (id) => {
    const exp = withCrpa(studies[id]);
    const trials = crpaTrials(exp);
    expect(trials.length).toBeGreaterThanOrEqual(3 * 12);
    expect(trials.some((t) => !t.correct)).toBe(true);
    for (const t of trials) {
      const c = exp.caseById.get(t.caseId)!;
      expect(t.content.data.map((d) => d.field)).toEqual(exp.file.display.fields.map((f) => f.key));
      for (const d of t.content.data) expect(d.value).toEqual(c.values[d.field]);
      const evidence = contributionsFor(exp, c, t.recommendation);
      const byField = new Map(evidence.contributions.map((x) => [x.field, x.weight]));
      expect(t.content.parameters.factors).toHaveLength(evidence.contributions.length);
      for (const f of t.content.parameters.factors) {
        expect(f.weight).toBe(byField.get(f.field));
        expect(f.value).toEqual(c.values[f.field]);
      }
      const sizes = t.content.parameters.factors.map((f) => Math.abs(f.weight));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      expect(t.content.parameters.toward).toEqual(t.recommendation);
      expect(t.content.parameters.others).toBeUndefined();
      if (exp.file.task.type === 'numeric') {
        const total = t.content.parameters.base! + t.content.parameters.factors.reduce((s, f) => s + f.weight, 0);
        expect(total).toBeCloseTo(Number(t.recommendation), 6);
      }
    }
  });

  it.each(IDS)('%s: the content never carries the truth (wrong advice: the true answer appears nowhere in it)', (id) => {
    const exp = withCrpa(studies[id]);
    for (const t of crpaTrials(exp)) {
      expect(JSON.stringify(t.content)).not.toMatch(/truth|correct/);
      const truth = exp.caseById.get(t.caseId)!.truth;
      if (!t.correct && exp.file.task.type !== 'numeric') expect(valuesIn(t.content)).not.toContain(truth);
    }
  });

  it('keeps the sources and operations of the file and the override of the contribution sentence', () => {
    const exp = withCrpa(
      studies['signaux-faibles'],
      options({
        contribution: 'decisive',
        contribution_text: { fr: 'Le score est indicatif.', en: 'The score is indicative.' },
        sources: { effectif: { fr: 'DSN', en: 'Payroll declarations' } },
        operations: [{ fr: 'Lire.', en: 'Read.' }, { fr: 'Compter.', en: 'Count.' }],
      }),
    );
    const [t] = crpaTrials(exp);
    expect(t.content.contribution).toBe('decisive');
    expect(t.content.contributionText).toEqual({ fr: 'Le score est indicatif.', en: 'The score is indicative.' });
    expect(t.content.data.find((d) => d.field === 'effectif')?.source).toEqual({ fr: 'DSN', en: 'Payroll declarations' });
    expect(t.content.data.filter((d) => d.source !== undefined)).toHaveLength(1);
    expect(t.content.operations).toHaveLength(2);
  });
});

describe('legal_crpa view and template, in French and English', () => {
  it.each(LANGUAGES)('signaux-faibles (%s): four numbered parts under headings, every value and weight in words', async (lang) => {
    const exp = withCrpa(studies['signaux-faibles'], options({ sources: { dette_urssaf: { fr: 'URSSAF', en: 'URSSAF (social contributions agency)' } } }));
    const [t] = crpaTrials(exp);
    const html = await render(exp, t.content, lang);
    const headings = [...html.matchAll(/<h4[^>]*>([^<]*)<\/h4>/g)].map((m) => m[1]);
    expect(headings.map((h) => h.slice(0, 2))).toEqual(['1°', '2°', '3°', '4°']);
    expect(html).toMatch(/<h3 id="crpa-title">/);
    expect(html).toContain('R311-3-1-2');

    const view = legalCrpaView(t.content, { experiment: exp, tr: translator(lang) });
    const fields = exp.file.display.fields;
    // 2°: one row per displayed field; the named source, the default for the others.
    expect(view.data.map((d) => d.label)).toEqual(fields.map((f) => translator(lang).text(f.label)));
    const defaultSource = lang === 'fr' ? 'Dossier de la personne concernée' : 'Dossier of the person concerned';
    expect(view.data.map((d) => d.source)).toEqual(fields.map((f) => (f.key === 'dette_urssaf' ? (lang === 'fr' ? 'URSSAF' : 'URSSAF (social contributions agency)') : defaultSource)));
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(fields.length + t.content.parameters.factors.length);
    // 3°: each parameter's direction in words, and shares of the weighting that add up to 100 % (rounding aside).
    const forWord = lang === 'fr' ? 'pour la recommandation' : 'for the recommendation';
    const againstWord = lang === 'fr' ? 'contre la recommandation' : 'against the recommendation';
    view.parameters.forEach((p, i) => {
      expect(p.direction).toBe(t.content.parameters.factors[i].weight >= 0 ? forWord : againstWord);
      expect(p.value).toBeDefined();
    });
    const shares = view.parameters.map((p) => Number(p.share.replace(/[^\d]/g, '')));
    const total = shares.reduce((s, x) => s + x, 0);
    expect(total).toBeGreaterThanOrEqual(100 - shares.length);
    expect(total).toBeLessThanOrEqual(100 + shares.length);
    // 1° and 4°: the default sentence of the mode, the four default operations.
    expect(view.contribution).toBe(translator(lang).t('explanations.legal_crpa.contribution_advisory'));
    expect(view.operations).toHaveLength(4);
    expect(html.match(/<li>/g)).toHaveLength(4);

    const words = text(html);
    expect(words).not.toMatch(/undefined|NaN|explanations\./);
    // French: a no-break space before every colon of this type's texts (never an ordinary one, never none).
    if (lang === 'fr') {
      const own = Object.values((MESSAGES.fr.explanations as Record<string, Record<string, string>>).legal_crpa);
      expect(own.length).toBeGreaterThan(15);
      for (const line of own) expect(line).not.toMatch(/ :|[^\s]:/);
    }
  });

  it.each(LANGUAGES)('risque-inondation (%s): weights in households, the numeric operation, the base that makes the parts add up', async (lang) => {
    const exp = withCrpa(studies['risque-inondation']);
    const [t] = crpaTrials(exp);
    const view = legalCrpaView(t.content, { experiment: exp, tr: translator(lang) });
    const unit = lang === 'fr' ? 'ménages' : 'households';
    for (const p of view.parameters) expect(p.weight).toContain(unit);
    expect(view.operations[2]).toBe(translator(lang).t('explanations.legal_crpa.operation_add_numeric'));
    expect(view.parametersSummary.join(' ')).toContain(unit);
    const html = await render(exp, t.content, lang);
    expect(text(html)).not.toMatch(/undefined|NaN/);
  });

  it('aide-exceptionnelle: the decisive mode and the file texts in each language', async () => {
    const exp = withCrpa(
      studies['aide-exceptionnelle'],
      options({ contribution: 'decisive', operations: [{ fr: 'Calcul du reste à vivre.', en: 'Computing the remaining income.' }] }),
    );
    const [t] = crpaTrials(exp);
    for (const lang of LANGUAGES) {
      const view = legalCrpaView(t.content, { experiment: exp, tr: translator(lang) });
      expect(view.contribution).toBe(translator(lang).t('explanations.legal_crpa.contribution_decisive'));
      expect(view.operations).toEqual([lang === 'fr' ? 'Calcul du reste à vivre.' : 'Computing the remaining income.']);
    }
    expect(translator('fr').t('explanations.legal_crpa.contribution_decisive')).not.toBe(translator('fr').t('explanations.legal_crpa.contribution_advisory'));
    expect(translator('fr').t('explanations.legal_crpa.contribution_advisory')).toContain(`décision${NBSP}:`);
  });
});

describe('legal_crpa in the experiment file', () => {
  it('refuses a source for a field that is not displayed, and an unknown mode, with file, line, column and field', async () => {
    const source = await validateExperimentFile('test/experiments/invalid/legal-crpa-unknown-source.yaml');
    expect(source.ok ? [] : source.problems).toEqual([
      'test/experiments/invalid/legal-crpa-unknown-source.yaml:45:13  factors.explanation.levels.crpa.explanation.sources.turnover: unknown display field "turnover" (fields: sector, headcount, debt_ratio)',
    ]);
    const mode = await validateExperimentFile('test/experiments/invalid/legal-crpa-unknown-mode.yaml');
    expect(mode.ok ? [] : mode.problems).toEqual([
      'test/experiments/invalid/legal-crpa-unknown-mode.yaml:46:56  factors.explanation.levels.crpa_decisive.explanation.contribution: expected one of "advisory", "decisive", found a string ("automatic")',
    ]);
  });

  it("shows what the file says of each part in validate's summary, in English and French", async () => {
    const exp = await loadExperiment('test/simulate/fixtures/studies/sim-crpa/experiment.yaml');
    expect(summarizeExperiment(exp, 'en')).toContain('  - law_crpa: explanation legal_crpa (advisory; sources named for 3/3; 4 operations by default);');
    expect(summarizeExperiment(exp, 'fr')).toContain('  - law_crpa: explication legal_crpa (advisory; sources nommées pour 3/3; 4 opérations par défaut);');
  });
});
