/** The explanation partials: what each one shows, as text a screen reader and a colour-blind reader can use. */
import { beforeAll, describe, expect, it } from 'vitest';
import ejs from 'ejs';
import { loadExperiment } from '../../experiments/load.ts';
import type { Experiment } from '../../experiments/model.ts';
import type { ExplanationContent } from '../../experiments/explanations/index.ts';
import { translator } from '../../server/i18n.ts';
import { explanationView } from '../../server/participant/explanations/index.ts';
import { featureImportanceView } from '../../experiments/explanations/feature-importance.ts';

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
  type FiContent = Extract<ExplanationContent, { type: 'feature_importance' }>;

  it('draws every bar on one scale, the axis where the longest bar on each side fills its side', () => {
    const v = featureImportanceView(content as FiContent, { experiment: exp, tr: translator('fr') });
    expect(v.bars.map((b) => b.supports)).toEqual([true, false, true]);
    // Track = 0.4 against + 0.98 for: the axis at 0.4 / 1.38 of the width.
    expect(v.axisX).toBe(29);
    expect(v.bars[0].barX).toBe(v.axisX);
    expect(v.bars[0].barX + v.bars[0].barWidth).toBeCloseTo(100, 0);
    expect(v.bars[1].barX).toBe(0);
    expect(v.bars[1].barX + v.bars[1].barWidth).toBeCloseTo(v.axisX, 0);
    expect(v.bars[1].barWidth / v.bars[0].barWidth).toBeCloseTo(0.4 / 0.98, 2);
    expect(v.bars.map((b) => b.weight)).toEqual(['+0,98', '\u22120,40', '+0,07']);
    expect(v.bars.map((b) => b.directionShort)).toEqual(['pour', 'contre', 'pour']);
  });

  it('starts every bar at the left edge when all factors support the recommendation', () => {
    const allFor = { type: 'feature_importance', factors: [{ field: 'dette_urssaf', weight: 2.02 }, { field: 'effectif', weight: 0.21 }] } as FiContent;
    const v = featureImportanceView(allFor, { experiment: exp, tr: translator('en') });
    expect(v.axisX).toBe(0);
    expect(v.bars.map((b) => [b.barX, b.barWidth])).toEqual([[0, 100], [0, 10.4]]);
    expect(v.bars.map((b) => b.weight)).toEqual(['+2.02', '+0.21']);
    expect(v.showValues).toBe(false);
  });

  it('renders the words as HTML text (they wrap, never clip) and only the bars as SVG, plus the same values in a table', async () => {
    const html = await render(content);
    expect(html).toMatch(/<div class="fi-chart" role="img" aria-labelledby="fi-caption" aria-describedby="fi-note">/);
    expect(html).toContain('<span class="fi-label">Cotisations URSSAF impayées\u00a0: 1,5\u00a0mois de cotisations</span>');
    // No text inside the SVGs: a scaled-down SVG would shrink or cut it.
    expect(html).not.toMatch(/<text\b/);
    expect(html).toMatch(/<rect x="29%" y="3" width="71%" height="14" class="fi-bar-for"\/>/);
    // Beside each bar, the signed weight and a short word; in the table, the full direction.
    expect(html).toContain('<span class="fi-value">+0,98 pour</span>');
    expect(html).toContain('<span class="fi-value">\u22120,40 contre</span>');
    expect(html).toContain('<td data-label="Poids\u00a0:">+0,98 pour la recommandation</td>');
    expect(html).toContain('<td data-label="Poids\u00a0:">\u22120,40 contre la recommandation</td>');
    expect(html).toMatch(/<th scope="row">Trésorerie<\/th><td data-label="Valeur dans ce dossier\u00a0:">30\u00a0jours de chiffre d&#39;affaires<\/td>/);
    // The table is a disclosure, closed by default.
    expect(html).toMatch(/<details class="fi-details"><summary>Les mêmes valeurs sous forme de tableau<\/summary>\s*<table class="fi-table stack">/);
    // Against-bars are hatched, not only differently coloured.
    expect(html).toContain('class="fi-bar-against"');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('on a numeric task, weighs factors in the task unit: what each adds to or removes from the estimate', async () => {
    const flood = await loadExperiment('experiments/studies/risque-inondation/experiment.yaml');
    const numeric = {
      type: 'feature_importance',
      factors: [
        { field: 'menages_zone', weight: 832, value: 2400 },
        { field: 'hauteur_prevue', weight: -91, value: 3.25 },
      ],
    } as FiContent;
    for (const [lang, expected] of [
      ['fr', ['+832\u00a0ménages', '\u221291\u00a0ménages', "(fait monter l'estimation)", "(fait baisser l'estimation)"]],
      ['en', ['+832\u00a0households', '\u221291\u00a0households', '(raises the estimate)', '(lowers the estimate)']],
    ] as const) {
      const tr = translator(lang);
      const view = explanationView(numeric, { experiment: flood, tr });
      const html = await ejs.renderFile(`views/explanations/${view.partial}.ejs`, { x: view.model, t: tr.t, lang });
      expect(html).toContain(`<span class="fi-value">${expected[0]}</span>`);
      expect(html).toContain(`<span class="fi-value">${expected[1]}</span>`);
      expect(html).toContain(`>${expected[0]} ${expected[2].replace("'", '&#39;')}</td>`);
      expect(html).toContain(`>${expected[1]} ${expected[3].replace("'", '&#39;')}</td>`);
      expect(html).not.toMatch(/recommand|,00|\.00/);
    }
  });
});

describe('feature importance: what the weights mean', () => {
  it('names the answer the weights push toward, their unit and the net total', async () => {
    const fi = {
      type: 'feature_importance',
      toward: 'contacter',
      others: -0.1,
      factors: [{ field: 'dette_urssaf', weight: 1.2 }, { field: 'tresorerie_jours', weight: -0.3 }],
    } as ExplanationContent;
    const html = await render(fi, 'en');
    expect(html).toContain('<figcaption id="fi-caption">Why the AI recommends “Contact the firm”: the weight of each factor of this dossier</figcaption>');
    expect(html).toContain('a positive weight pushes toward “Contact the firm”, a negative one away from it.');
    expect(html).toContain('<p class="fi-sum">Other factors together: \u22120.10</p>');
    // 1.2 - 0.3 - 0.1 = 0.8
    expect(html).toContain('<p class="fi-sum">Total: +0.80 points toward “Contact the firm”</p>');
  });

  it('numeric: shows the starting point, and starting point + factors = the AI estimate', async () => {
    const flood = await loadExperiment('experiments/studies/risque-inondation/experiment.yaml');
    const tr = translator('en');
    const content = { type: 'feature_importance', toward: 415, base: 543, others: -40, factors: [{ field: 'menages_zone', weight: -156 }, { field: 'hauteur_prevue', weight: 68 }] } as ExplanationContent;
    const view = explanationView(content, { experiment: flood, tr });
    const html = await ejs.renderFile(`views/explanations/${view.partial}.ejs`, { x: view.model, t: tr.t, lang: 'en' });
    expect(html).toContain('Starting point, the estimate for an average dossier: 543\u00a0households.');
    expect(html).toContain('<p class="fi-sum">Other factors together: \u221240\u00a0households</p>');
    // 543 - 156 + 68 - 40 = 415, the estimate shown.
    expect(html).toContain('<p class="fi-sum">Starting point 543\u00a0households, plus the factors: AI estimate 415\u00a0households</p>');
  });
});

describe('other explanation types', () => {
  it('confidence: a percentage and words', async () => {
    expect(await render({ type: 'confidence', confidence: 0.82, format: 'both' })).toContain('82\u00a0% – élevé');
    expect(await render({ type: 'confidence', confidence: 0.5, format: 'words' }, 'en')).toMatch(/<strong>not very sure<\/strong>/);
    expect(await render({ type: 'confidence', confidence: 0.9, format: 'percent' }, 'en')).toMatch(/<strong>90%<\/strong>/);
  });

  it('counterfactual: one sentence "if ... were ... instead of ...", then the flipped recommendation, or the bank text', async () => {
    // French typography puts (narrow) no-break spaces inside guillemets and before ":"; compared with plain spaces.
    const html = (await render({ type: 'counterfactual', changes: [{ field: 'dette_urssaf', from: 0, to: 0.6 }], alternative: 'contacter' })).replace(/[\u00a0\u202f]/g, ' ');
    expect(html).toContain("<p>Si « Cotisations URSSAF impayées » était de 0,6 mois de cotisations au lieu de 0 mois de cotisations, l&#39;IA recommanderait : Contacter l&#39;entreprise.</p>");
    const en = await render({ type: 'counterfactual', changes: [{ field: 'dette_urssaf', from: 0, to: 0.6 }], alternative: 'contacter' }, 'en');
    expect(en).toContain('<p>If “Unpaid social contributions (URSSAF)” were 0.6\u00a0months of contributions instead of 0\u00a0months of contributions, the AI would recommend: Contact the firm.</p>');
    const two = await render({ type: 'counterfactual', changes: [{ field: 'dette_urssaf', from: 0, to: 0.6 }, { field: 'effectif', from: 16, to: 40 }], alternative: 'contacter' }, 'en');
    expect(two).toContain('instead of 0\u00a0months of contributions and “Headcount” were 40\u00a0employees instead of 16\u00a0employees, the AI would recommend');
    const none = await render({ type: 'counterfactual', changes: [], alternative: 'contacter' });
    expect(none).toContain("<p>Aucun changement d&#39;un seul facteur, dans des limites réalistes, ne ferait changer la recommandation de l&#39;IA.</p>");
    expect(none).not.toContain('<ul>');
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
    // Each cell names its column, for the one-block-per-row layout of narrow screens.
    expect(html).toContain('<td data-label="Secteur d&#39;activité\u00a0:">Construction</td><td data-label="Effectif\u00a0:">12\u00a0salariés</td><td data-label="Décision prise\u00a0:">Ne pas contacter</td>');
    expect(html).not.toContain('sf-010');
  });

  it('rationale: the text in the participant language', async () => {
    expect(await render({ type: 'rationale', text: { fr: 'Parce que.', en: 'Because.' } }, 'en')).toContain('<p>Because.</p>');
  });

  it('none: nothing', async () => {
    expect(await render({ type: 'none' })).toBe('');
  });
});
