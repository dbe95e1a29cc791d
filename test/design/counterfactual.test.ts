/**
 * Counterfactuals state material changes only: a factor moves to a value typical of the other outcome, at least
 * half a standard deviation away, the way that separates the two outcomes; when no factor qualifies, the content says
 * that no single change would flip the advice, and the participant page shows that sentence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ejs from 'ejs';
import { loadExperiment } from '../../experiments/load.ts';
import { planParticipant } from '../../experiments/design.ts';
import { buildCounterfactual, MATERIAL_CHANGE_SD, type CounterfactualContent } from '../../experiments/explanations/counterfactual.ts';
import { bankProfile, typicalOfClass } from '../../experiments/explanations/evidence.ts';
import type { Case, Condition, Experiment } from '../../experiments/model.ts';
import { translator } from '../../server/i18n.ts';
import { explanationView } from '../../server/participant/explanations/index.ts';

const studies: Record<string, Experiment> = {};
beforeAll(async () => {
  for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation']) {
    studies[id] = await loadExperiment(`experiments/studies/${id}/experiment.yaml`);
  }
});

/** The counterfactual for `shown` with hand-set contributions (fields not listed weigh -0.05: against). */
function counterfactual(exp: Experiment, c: Case, shown: string, weights: Record<string, number>): CounterfactualContent {
  const contributions = exp.file.display.fields.map((f) => ({ field: f.key, weight: weights[f.key] ?? -0.05 }));
  return buildCounterfactual(
    { type: 'counterfactual', max_changes: 1 },
    { exp, case: c, recommendation: shown, confidence: 0.7, contributions, fromBank: false, excludedCaseIds: new Set() },
  );
}

const NO_CHANGE_FR = "Aucune modification d'un seul élément du dossier ne suffirait à faire changer la recommandation de l'IA.";
const NO_CHANGE_EN = "No change to a single element of the dossier would be enough to change the AI's recommendation.";

describe('signaux-faibles: the age of the firm never flips the advice (typical ages: 13 years when contacted, 12 when not)', () => {
  it('sf-041 (12 years) advised "do not contact": age is skipped, the cash position 41 -> 30 days is stated instead', () => {
    const sf = studies['signaux-faibles'];
    const c = sf.caseById.get('sf-041')!;
    const content = counterfactual(sf, c, 'ne_pas_contacter', { age_entreprise: 0.9, tresorerie_jours: 0.5 });
    expect(content.changes).toEqual([{ field: 'tresorerie_jours', from: 41, to: 30 }]);
    expect(content.alternative).toBe('contacter');
    expect(content.text).toBeUndefined();
  });

  it('with age as the only supporting factor: no change, and a sentence saying so in both languages', () => {
    const sf = studies['signaux-faibles'];
    const content = counterfactual(sf, sf.caseById.get('sf-041')!, 'ne_pas_contacter', { age_entreprise: 0.9 });
    expect(content.changes).toEqual([]);
    expect(content.text).toEqual({ fr: NO_CHANGE_FR, en: NO_CHANGE_EN });
  });

  it('the page then says that no single change would flip it, without an empty list or "in that case"', async () => {
    const sf = studies['signaux-faibles'];
    const content = counterfactual(sf, sf.caseById.get('sf-041')!, 'ne_pas_contacter', { age_entreprise: 0.9 });
    for (const [lang, sentence, then] of [
      ['fr', NO_CHANGE_FR, 'Dans ce cas'],
      ['en', NO_CHANGE_EN, 'In that case'],
    ] as const) {
      const tr = translator(lang);
      const view = explanationView(content, { experiment: sf, tr });
      const html = await ejs.renderFile(`views/explanations/${view.partial}.ejs`, { x: view.model, t: tr.t, lang });
      expect(html).toContain(ejs.escapeXML(sentence));
      expect(html).not.toContain(then);
      expect(html).not.toContain('<ul>');
    }
  });
});

describe('aide-exceptionnelle: a change goes the way that separates the outcomes', () => {
  it('ae-101 (8 € a day) refused: not "10,51 € instead of 8 €" to be granted; 1 -> 0 aids received in 24 months instead', () => {
    // Typical remaining income: 10.51 € granted, 19.11 € refused; raising 8 € towards 10.51 € makes the case look
    // more like a refusal, not less. Aids received: 0 granted, 1 refused.
    const ae = studies['aide-exceptionnelle'];
    const content = counterfactual(ae, ae.caseById.get('ae-101')!, 'refuser', { reste_a_vivre: 1, pieces: 0.4, aides_24_mois: 0.3 });
    expect(content.alternative).toBe('accorder');
    expect(content.changes).toEqual([{ field: 'aides_24_mois', from: 1, to: 0 }]);
  });
});

describe('every change in the plans of the bundled studies is material', () => {
  for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation']) {
    it(`${id}: 30 participants, counterfactual with up to 3 changes: each numeric change >= 0.5 SD, rounded as the bank writes the field`, () => {
      const exp = { ...studies[id] };
      // Every study planned with a counterfactual condition (its own for signaux-faibles), between subjects.
      exp.conditions = [{ id: 'cf', levels: {}, explanation: { type: 'counterfactual', max_changes: 3 } } as Condition];
      exp.file = { ...exp.file, design: { ...exp.file.design, type: 'between' } } as Experiment['file'];
      const profile = bankProfile(exp);
      let changes = 0;
      for (let p = 1; p <= 30; p++) {
        for (const t of planParticipant(exp, `p-${String(p).padStart(4, '0')}`, 'cf').trials) {
          const e = t.advice?.explanation;
          if (e?.type !== 'counterfactual') continue;
          if (e.changes.length === 0) expect(e.text?.fr).toBeTruthy();
          for (const ch of e.changes) {
            changes++;
            const stats = profile.numeric.get(ch.field);
            if (!stats) {
              expect(ch.to).not.toBe(ch.from);
              continue;
            }
            expect(Math.abs(Number(ch.to) - Number(ch.from))).toBeGreaterThanOrEqual(MATERIAL_CHANGE_SD * stats.sd);
            expect(Number(ch.to)).toBe(Math.round(Number(ch.to) * 10 ** stats.decimals) / 10 ** stats.decimals);
            if (exp.file.task.type !== 'numeric') {
              const alt = typicalOfClass(profile, String(e.alternative), ch.field) as number;
              const shown = typicalOfClass(profile, String(t.advice!.recommendation), ch.field) as number;
              expect(Math.abs(alt - shown)).toBeGreaterThanOrEqual(MATERIAL_CHANGE_SD * stats.sd);
              expect(Math.sign(Number(ch.to) - Number(ch.from))).toBe(Math.sign(alt - shown));
            }
          }
        }
      }
      expect(changes).toBeGreaterThan(200);
    });
  }
});
