import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import type { AnalysisResult } from '../../analysis/result.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The three designs of the fixtures: between (two-stage binary), within (three conditions in blocks), 3 x 2 factorial. */
const DESIGNS = {
  between: { file: 'realistic-trials.csv', factors: undefined },
  within: { file: 'within-trials.csv', factors: undefined },
  factorial: { file: 'factorial-trials.csv', factors: ['explanation', 'framing'] },
} as const;

const SECTIONS = ['exclusions', 'methods', 'effects', 'models', 'plots', 'distributions', 'learning-curve', 'first-error', 'recovery', 'response-times', 'cases', 'tables'];

const svgTitles = (html: string) => [...html.matchAll(/<svg[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);

describe.each(Object.entries(DESIGNS))('HTML report of a %s study', (design, { file, factors }) => {
  let result: AnalysisResult;
  let html: string;
  beforeAll(async () => {
    result = await analyze(readTrialCsv(fixture(file), file, { factors }), null, { experiment: file, resamples: 200, factors });
    html = renderHtml(result);
  });

  it('has every section, in order', () => {
    const ids = [...html.matchAll(/<section id="([a-z-]+)">/g)].map((m) => m[1]).filter((id) => id !== 'confidence');
    const expected = design === 'factorial' ? [...SECTIONS.slice(0, 5), 'interaction', ...SECTIONS.slice(5)] : SECTIONS;
    expect(ids).toEqual(expected);
    expect(result.design?.type).toBe(design === 'within' ? 'within' : 'between');
  });

  it('draws the forest plot of every comparison with its participant-bootstrap interval, and tabulates it', () => {
    expect(svgTitles(html)).toContain(`Differences from the control (${result.control})`);
    const forest = html.slice(html.indexOf('<section id="effects">'), html.indexOf('<section id="models">'));
    const plotted = result.comparisons.filter((c) => ['agreement', 'overreliance', 'underreliance', 'rair', 'rsr', 'accuracy_final'].includes(c.metric));
    // one table row per plotted comparison, with its bootstrap interval at three decimals
    expect(forest.match(/<tr><td>/g)).toHaveLength(plotted.length);
    const first = plotted[0];
    expect(first.bootstrap_difference).not.toBeNull();
    expect(forest).toContain(`[${first.bootstrap_difference![0].toFixed(3)}, ${first.bootstrap_difference![1].toFixed(3)}]`);
    expect(forest).toContain('Newcombe 95% (descriptive)');
  });

  it('puts the control first in the plots and the descriptive views', () => {
    expect(result.conditions[0].condition).toBe(result.control);
    const firstRow = (id: string) => html.slice(html.indexOf(`<section id="${id}">`)).match(/<tbody><tr><td>([^<]*)<\/td><td>([^<]*)</)!;
    expect(firstRow('first-error')[1]).toBe(result.control);
    expect(firstRow('response-times')[1]).toBe(result.control);
    expect(firstRow('distributions')[2]).toBe(result.control);
  });

  it('draws the per-participant distributions on one axis and the learning curves, each chart with its table', () => {
    const titles = svgTitles(html);
    expect(titles).toContain('Agreement per participant');
    expect(titles).toContain('Over-reliance per participant');
    expect(titles).toContain('Agreement by trial position');
    expect(titles).toContain('Following the advice before and after the first AI error');
    // outside the bar charts (whose numbers are the metric tables), every figure is followed by its table
    const views = html.slice(html.indexOf('<section id="distributions">'), html.indexOf('<section id="tables">'));
    const figures = views.match(/<\/figure>/g)!.length;
    expect(figures).toBeGreaterThanOrEqual(3);
    expect(views.match(/<\/figure><table>/g)).toHaveLength(figures);
    expect(html).toContain('The numbers of these charts are in the metric tables');
  });

  it('describes the design and its tests in the methods paragraph', () => {
    const methods = html.slice(html.indexOf('<section id="methods">'), html.indexOf('<section id="effects">'));
    if (design === 'within') {
      expect(methods).toMatch(/\d+ participants were analysed in a within-participant design of 3 conditions \(\d+ did every condition/);
      expect(methods).toContain('paired t-test');
      expect(methods).toContain('resamples of participants with all their conditions');
    } else {
      expect(methods).toContain('between-participant condition(s)');
      expect(methods).toContain('Welch t-test');
    }
    if (design === 'factorial') {
      expect(methods).toContain('The conditions cross the factors explanation (none, rationale, similar_cases) x framing (outil, autorite).');
      expect(methods).toContain('type II ANOVA');
    }
  });

  it('draws the interaction of the two factors of a factorial design only', () => {
    const titles = svgTitles(html);
    if (design !== 'factorial') {
      expect(html).not.toContain('<section id="interaction">');
      return;
    }
    expect(titles).toContain('Agreement: explanation x framing');
    const section = html.slice(html.indexOf('<section id="interaction">'), html.indexOf('<section id="distributions">'));
    const cell = result.conditions.find((c) => c.condition === 'rationale+autorite')!.metrics.agreement!.value!;
    // the row of framing = autorite gives none, rationale, similar_cases in that order
    expect(section).toMatch(new RegExp(`<tr><td>Agreement</td><td>autorite</td><td>[0-9.]+</td><td>${cell.toFixed(3)}</td>`));
  });

  it('is self-contained and makes no request', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(http/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
  });
});

describe('HTML report views that depend on the data', () => {
  it('shows the displayed-confidence view only when a confidence was shown', async () => {
    const withConfidence = renderHtml(await analyze(readTrialCsv(fixture('realistic-trials.csv')), null, { experiment: 'r', resamples: 0 }));
    expect(withConfidence).toContain('<section id="confidence">');
    expect(svgTitles(withConfidence)).toContain("Agreement and AI accuracy by the AI's displayed confidence");
    const without = renderHtml(await analyze(readTrialCsv(fixture('within-trials.csv')), null, { experiment: 'w', resamples: 0 }));
    expect(without).not.toContain('<section id="confidence">');
  });

  it('names the declared primary outcome in the forest plot and its table', async () => {
    const html = renderHtml(await analyze(readTrialCsv(fixture('realistic-trials.csv')), null, { experiment: 'r', resamples: 0, primary: 'overreliance' }));
    const effects = html.slice(html.indexOf('<section id="effects">'), html.indexOf('<section id="plots">'));
    expect(effects).toContain('Over-reliance (primary): confidence');
    expect(effects).toContain('<td>Over-reliance (primary)</td>');
    expect(effects).not.toContain('Agreement (primary)');
  });

  it('says when there is no interval (--bootstrap 0) instead of drawing one', async () => {
    const html = renderHtml(await analyze(readTrialCsv(fixture('realistic-trials.csv')), null, { experiment: 'r', resamples: 0 }));
    expect(html).toContain('squares: difference of pooled values; no interval (--bootstrap 0)');
  });

  it('shows RAIR and RSR distributions for two-stage data only', async () => {
    const oneStage = renderHtml(await analyze(readTrialCsv(fixture('categorical-one-stage.csv')), null, { experiment: 'c', resamples: 0 }));
    expect(svgTitles(oneStage)).not.toContain('RAIR per participant');
    expect(svgTitles(oneStage)).toContain('Agreement per participant');
  });
});
