/** The explanation partials: what each one shows, as text a screen reader and a colour-blind reader can use. */
import { beforeAll, describe, expect, it } from 'vitest';
import ejs from 'ejs';
import { loadExperiment } from '../../experiments/load.ts';
import type { Experiment } from '../../experiments/model.ts';
import type { ExplanationContent } from '../../experiments/explanations/index.ts';
import { translator } from '../../server/i18n.ts';
import { explanationView } from '../../server/participant/explanations/index.ts';
import { featureImportanceView } from '../../server/participant/explanations/feature-importance.ts';

let exp: Experiment;
beforeAll(async () => {
  exp = await loadExperiment('experiments/studies/signaux-faibles/experiment.yaml');
});

async function render(content: ExplanationContent, lang: 'fr' | 'en' = 'fr'): Promise<string> {
  const tr = translator(lang);
  const view = explanationView(content, { experiment: exp, tr });
  if (!view.partial) return '';
  return ejs.renderFile(`views/explanations/${view.partial}.ejs`, { x: view.model, t: tr.t, lang });
}

describe('feature importance', () => {
  const content: ExplanationContent = {
    type: 'feature_importance',
    factors: [
      { field: 'dette_urssaf', weight: 0.98, value: 1.5 },
      { field: 'tresorerie_jours', weight: -0.4, value: 30 },
      { field: 'effectif', weight: 0.07, value: 16 },
    ],
  };

  it('draws one bar per factor, to the right for support and to the left against, scaled to the largest', () => {
    const v = featureImportanceView(content as Extract<ExplanationContent, { type: 'feature_importance' }>, { experiment: exp, tr: translator('fr') });
    expect(v.bars.map((b) => b.supports)).toEqual([true, false, true]);
    expect(v.bars[0].barX).toBe(v.axisX);
    expect(v.bars[1].barX + v.bars[1].barWidth).toBeCloseTo(v.axisX, 5);
    expect(v.bars[1].barWidth / v.bars[0].barWidth).toBeCloseTo(0.4 / 0.98, 2);
    expect(v.bars.map((b) => b.weight)).toEqual(['+0,98', '\u22120,40', '+0,07']);
  });

  it('renders an SVG with the values and directions as text, plus the same values in a table', async () => {
    const html = await render(content);
    expect(html).toMatch(/<svg role="img" aria-labelledby="fi-caption"/);
    expect(html).toContain('Cotisations URSSAF impayées (1,5\u00a0mois de cotisations)');
    // Beside each bar, the signed weight and a short word; in the table, the full direction.
    expect(html).toMatch(/class="fi-value">\+0,98 pour<\/text>/);
    expect(html).toMatch(/class="fi-value">\u22120,40 contre<\/text>/);
    expect(html).toContain('<td>+0,98 pour la recommandation</td>');
    expect(html).toContain('<td>\u22120,40 contre la recommandation</td>');
    expect(html).toMatch(/<th scope="row">Trésorerie<\/th><td>30\u00a0jours de chiffre d&#39;affaires<\/td>/);
    // Against-bars are hatched, not only differently coloured.
    expect(html).toContain('class="fi-bar-against"');
    expect(html).not.toMatch(/\sstyle=/);
  });
});

describe('other explanation types', () => {
  it('confidence: a percentage and words', async () => {
    expect(await render({ type: 'confidence', confidence: 0.82, format: 'both' })).toContain('82\u00a0% – élevé');
    expect(await render({ type: 'confidence', confidence: 0.5, format: 'words' }, 'en')).toMatch(/<strong>not very sure<\/strong>/);
    expect(await render({ type: 'confidence', confidence: 0.9, format: 'percent' }, 'en')).toMatch(/<strong>90%<\/strong>/);
  });

  it('counterfactual: the change and the flipped recommendation, or the bank text', async () => {
    const html = await render({ type: 'counterfactual', changes: [{ field: 'dette_urssaf', from: 0, to: 0.6 }], alternative: 'contacter' });
    expect(html).toContain('Cotisations URSSAF impayées : 0,6\u00a0mois de cotisations au lieu de 0\u00a0mois de cotisations.');
    expect(html).toContain("l&#39;IA recommanderait : Contacter l&#39;entreprise.");
    const text = await render({ type: 'counterfactual', changes: [], alternative: 'contacter', text: { fr: 'Texte prêt.', en: 'Ready text.' } }, 'en');
    expect(text).toContain('Ready text.');
  });

  it('similar cases: a table with a header per field and the decision taken', async () => {
    const html = await render({
      type: 'similar_cases',
      fields: ['secteur', 'effectif'],
      cases: [{ caseId: 'sf-010', values: { secteur: 'Construction', effectif: 12 }, outcome: 'ne_pas_contacter' }],
    });
    expect(html).toContain('<th scope="col">Secteur d&#39;activité</th><th scope="col">Effectif</th><th scope="col">Décision prise</th>');
    expect(html).toContain('<td>Construction</td><td>12\u00a0salariés</td><td>Ne pas contacter</td>');
    expect(html).not.toContain('sf-010');
  });

  it('rationale: the text in the participant language', async () => {
    expect(await render({ type: 'rationale', text: { fr: 'Parce que.', en: 'Because.' } }, 'en')).toContain('<p>Because.</p>');
  });

  it('none: nothing', async () => {
    expect(await render({ type: 'none' })).toBe('');
  });
});
