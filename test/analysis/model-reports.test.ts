import { describe, expect, it, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { methodsParagraphs } from '../../analysis/report/methods.ts';
import { renderTable } from '../../analysis/report/table.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { waldOddsRatio } from '../../analysis/stats/glmm/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/realistic-trials.csv', import.meta.url));

async function rows(change: (row: TrialRow) => TrialRow = (r) => r): Promise<TrialRow[]> {
  const out: TrialRow[] = [];
  for await (const item of readTrialCsv(fixture)) for (const row of Array.isArray(item) ? item : [item]) out.push(change(row as TrialRow));
  return out;
}

let result: AnalysisResult;
beforeAll(async () => {
  result = await analyze(await rows(), null, { experiment: 'realistic', resamples: 0 });
});

describe('Wald odds ratio', () => {
  it('equals R exp(0.5 + c(-1, 1) * qnorm(0.975) * 0.2) and exp(0.5)', () => {
    const { oddsRatio, interval } = waldOddsRatio(0.5, 0.2);
    expect(oddsRatio).toBeCloseTo(1.64872127070013, 13);
    expect(interval[0]).toBeCloseTo(1.11405577000376, 13);
    expect(interval[1]).toBeCloseTo(2.43998720858461, 13);
  });
});

describe('mixed models in the reports', () => {
  it('terminal: one table per model, its formula, the fit and a plain SINGULAR FIT warning', () => {
    const text = renderTable(result);
    for (const title of ['Mixed model: Agreement', 'Mixed model: Over-reliance', 'Mixed model: Relative AI reliance (RAIR)', 'Mixed model: Relative self-reliance (RSR)'])
      expect(text).toContain(title);
    expect(text).toContain('agreement ~ condition + (1 | participant_id) + (1 | case_id); binomial, logit link');
    expect(text).toContain('SINGULAR FIT: the participant_id and case_id random-intercept variances are estimated at 0');
    const agreement = result.models!.agreement!;
    const row = text.split('\n').find((l) => l.startsWith('Agreement') && l.includes('conditionconfidence'))!;
    expect(row).toContain(Math.exp(agreement.fixed[1].estimate).toFixed(3));
  });

  it('CSV: one model row per fixed term with the estimate, z, p, odds ratio and Wald interval', () => {
    const lines = renderCsv(result).trim().split('\n');
    const header = lines[0].split(',');
    const modelRows = lines.slice(1).filter((l) => l.startsWith('model,')).map((l) => l.split(','));
    const terms = Object.values(result.models!).reduce((n, m) => n + m!.fixed.length, 0);
    expect(modelRows).toHaveLength(terms);
    const col = (r: string[], name: string) => Number(r[header.indexOf(name)]);
    const first = modelRows.find((r) => r[header.indexOf('metric')] === 'overreliance' && r[header.indexOf('term')] === 'conditionconfidence')!;
    const t = result.models!.overreliance!.fixed[1];
    expect(col(first, 'value')).toBe(t.estimate);
    expect(col(first, 'statistic')).toBe(t.z);
    expect(col(first, 'odds_ratio')).toBeCloseTo(Math.exp(t.estimate), 12);
    expect(col(first, 'or_lo')).toBeCloseTo(Math.exp(t.estimate - 1.959963984540054 * t.se), 12);
    expect(col(first, 'singular')).toBe(1);
    expect(col(first, 'n')).toBe(result.models!.overreliance!.n);
  });

  it('HTML: a mixed-model section with the odds-ratio forest plot and its table', () => {
    const html = renderHtml(result);
    expect(html).toContain('<section id="models">');
    expect(html).toMatch(/<svg[^>]*aria-label="Odds ratios against the control \(mixed models\)"/);
    expect(html).toContain('Mixed-model effects (text alternative of the forest plot)');
    const or = waldOddsRatio(result.models!.rsr!.fixed[2].estimate, result.models!.rsr!.fixed[2].se);
    expect(html).toContain(`${or.oddsRatio.toFixed(2)} [${or.interval[0].toFixed(2)}, ${or.interval[1].toFixed(2)}]`);
  });

  it('methods: a paragraph a paper can reuse, naming the singular fits', () => {
    const paragraph = methodsParagraphs(result).at(-1)!;
    expect(paragraph).toContain('Mixed-effects logistic regressions were fitted per trial for agreement, overreliance, rair, rsr');
    expect(paragraph).toContain('outcome ~ condition + (1 | participant_id) + (1 | case_id)');
    expect(paragraph).toContain('treatment contrasts against the control (none)');
    expect(paragraph).toContain('Singular fits (a random-intercept variance estimated at 0): agreement, overreliance, rair, rsr.');
  });

  it('--no-models (models: false) leaves the key out', async () => {
    const without = await analyze(await rows(), null, { experiment: 'realistic', resamples: 0, models: false });
    expect(without).not.toHaveProperty('models');
    expect(renderTable(without)).not.toContain('Mixed model');
    expect(methodsParagraphs(without).join(' ')).toContain('can be fitted with the R script');
  });
});

describe('a condition without trial in a model subset', () => {
  it('is left out of that model, named, and the model is fitted on the others', async () => {
    // The AI is always right in feature_importance: no over-reliance trial there.
    const data = await rows((r) => (r.condition === 'feature_importance' ? { ...r, aiAdvice: r.truth } : r));
    const changed = await analyze(data, null, { experiment: 'realistic', resamples: 0 });
    const model = changed.models!.overreliance!;
    expect(model.conditions_without_trials).toEqual(['feature_importance']);
    expect(model.fixed.map((t) => t.term)).toEqual(['(Intercept)', 'conditionconfidence']);
    expect(model.notes).toContain('no trial in "feature_importance" for this model: left out of it');
    expect(changed.models!.agreement!.fixed.map((t) => t.term)).toContain('conditionfeature_importance');
    expect(renderTable(changed)).toContain('LEFT OUT (no trial in this subset): feature_importance');
  });

  it('a condition whose trials all have the same outcome is named as a complete separation', async () => {
    const data = await rows((r) => (r.condition === 'confidence' ? { ...r, final: r.aiAdvice } : r));
    const changed = await analyze(data, null, { experiment: 'realistic', resamples: 0 });
    const model = changed.models!.agreement!;
    expect(model.notes).toContain('every trial of "confidence" has outcome 1 here (complete separation): its estimate and odds ratio are unbounded, read them as infinite');
    expect(model.fixed[1].estimate).toBeGreaterThan(10);
    expect(changed.models!.rsr!.notes.some((n) => n.startsWith('every trial of "confidence" has outcome 0 here'))).toBe(true);
  });

  it('is not fitted when the control has no trial, with the reason', async () => {
    const data = await rows((r) => (r.condition === 'none' ? { ...r, aiAdvice: r.truth } : r));
    const changed = await analyze(data, null, { experiment: 'realistic', resamples: 0 });
    const model = changed.models!.overreliance!;
    expect(model.fixed).toEqual([]);
    expect(model.random).toBeNull();
    expect(model.converged).toBe(false);
    expect(model.notes).toContain('not fitted: the control condition "none" has no trial in this subset');
    expect(renderTable(changed)).toContain('NOT FITTED: the control condition "none" has no trial in this subset');
  });
});
