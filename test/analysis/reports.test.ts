import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { stars } from '../../analysis/report/number-format.ts';
import type { AnalysisResult } from '../../analysis/result.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let result: AnalysisResult;
let html: string;

beforeAll(async () => {
  result = await analyze(readTrialCsv(fixture('realistic-trials.csv')), readResponsesCsv(fixture('realistic-responses.csv')), {
    experiment: 'realistic',
    resamples: 100,
  });
  html = renderHtml(result);
});

describe('HTML report', () => {
  it('has the exclusions, methods, plots and tables sections', () => {
    for (const id of ['exclusions', 'methods', 'plots', 'tables']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('16 in none: too fast');
    expect(html).toContain('Error schedule: the AI advice was correct on 338 of 484 trials');
    expect(html).toContain('Holm adjustment');
  });

  it('is self-contained: no script, no external stylesheet, font or image', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/@import|url\(http/i);
  });

  it('draws the SVG charts: forest plot, five reliance bars, the accuracy triad, distributions and the views', () => {
    const titles = [...html.matchAll(/<svg[^>]*aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Differences from the control (none)',
      'Odds ratios against the control (mixed models)',
      'Agreement',
      'Over-reliance',
      'Under-reliance',
      'Relative AI reliance (RAIR)',
      'Relative self-reliance (RSR)',
      'Accuracy: human alone, AI, team',
      'Agreement per participant',
      'Over-reliance per participant',
      'RAIR per participant',
      'RSR per participant',
      'Agreement by trial position',
      'Over-reliance by trial position',
      'Following the advice before and after the first AI error',
      'Agreement after the first AI error (recovery)',
      "Agreement and AI accuracy by the AI's displayed confidence",
    ]);
  });

  it('has a print stylesheet and a table per metric family, with the scales', () => {
    expect(html).toContain('@media print');
    for (const caption of ['Accuracy', 'Agreement and switching', 'Over- and under-reliance', 'Questionnaire scales', 'Spearman correlations']) {
      expect(html).toContain(`<caption>${caption}`);
    }
  });

  it('escapes condition names', async () => {
    const r = await analyze(
      [{ participantId: 'p', condition: '<b>x</b>', trialIndex: 0, caseId: 'c', truth: 'A', aiAdvice: 'A', aiConfidence: null, initial: null, final: 'A', initialRtMs: null, finalRtMs: null, exclusion: null, line: 2 }],
      null,
      { experiment: 'e', resamples: 0 },
    );
    const page = renderHtml(r);
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('R script', () => {
  it('fits the models of docs/ANALYSIS.md on the realistic fixture, with the control as reference', () => {
    const script = renderRScript(result, { csvPath: 'realistic-trials.csv', factors: null });
    expect(script).toContain('library(lme4)');
    expect(script).toContain('csv_path <- "realistic-trials.csv"');
    expect(script).toContain('d$condition <- relevel(d$condition, ref = "none")');
    expect(script).toContain('d <- d[d$excluded != "1", ]');
    // every model is preceded by a comment saying what it estimates (test/analysis/r-script.test.ts has the rest)
    expect(script.match(/^# \d\. \w+: /gm)).toHaveLength(5);
  });
});

describe('JSON and terminal renderers', () => {
  it('writes plain numbers and nulls, without the plot-only distribution', () => {
    const json = JSON.parse(renderJson(result));
    expect(Object.keys(json)).toEqual([
      'experiment', 'control', 'task', 'tolerance', 'bootstrap', 'exclusions', 'design', 'undefined_ratios', 'primary',
      'holm_families', 'conditions', 'comparisons', 'omnibus', 'factorial', 'block_order', 'models', 'scales', 'descriptives',
    ]);
    expect(json.conditions[0]).not.toHaveProperty('agreement_distribution');
    expect(typeof json.conditions[0].metrics.agreement.value).toBe('number');
  });

  it('marks Holm-adjusted significance with stars', () => {
    expect([stars(0.0005), stars(0.005), stars(0.03), stars(0.2), stars(null)]).toEqual(['***', '**', '*', '', '']);
    expect(renderTable(result, { color: true })).toContain('\u001b[1m');
    expect(renderTable(result, { color: false })).not.toContain('\u001b[');
  });
});

describe('bootstrap intervals', () => {
  it('are reproducible for a seed, change with the seed, and surround the pooled value', async () => {
    const run = (seed: number) => analyze(readTrialCsv(fixture('realistic-trials.csv')), null, { experiment: 'r', resamples: 300, seed });
    const [a, b, c] = await Promise.all([run(5), run(5), run(6)]);
    const agreement = (r: AnalysisResult) => r.conditions[0].metrics.agreement!;
    expect(agreement(a).bootstrap).toEqual(agreement(b).bootstrap);
    expect(agreement(a).bootstrap).not.toEqual(agreement(c).bootstrap);
    for (const cond of a.conditions) {
      for (const m of Object.values(cond.metrics)) {
        if (!m || !('bootstrap' in m) || m.value === null) continue;
        expect(m.bootstrap![0]).toBeLessThanOrEqual(m.value);
        expect(m.bootstrap![1]).toBeGreaterThanOrEqual(m.value);
      }
    }
    expect(a.bootstrap).toMatchObject({ resamples: 300, seed: 5 });
  });
});

describe('bootstrap resamples with an empty denominator', () => {
  it('are skipped, counted and reported', async () => {
    // Overreliance (AI wrong) occurs for one participant of four: resamples without that participant have n = 0.
    const rows = ['p1', 'p2', 'p3', 'p4'].map((p) => ({
      participantId: p, condition: 'none', trialIndex: 0, caseId: 'c', truth: 'A', aiAdvice: p === 'p1' ? 'B' : 'A',
      aiConfidence: null, initial: null, final: 'A', initialRtMs: null, finalRtMs: null, exclusion: null, line: 0,
    }));
    const r = await analyze(rows, null, { experiment: 'e', resamples: 400, seed: 2 });
    const skipped = r.bootstrap.skipped.find((s) => s.metric === 'overreliance')!;
    // P(p1 never drawn in 4 draws) = (3/4)^4 = 0.316: about 127 of 400 resamples
    expect(skipped.resamples).toBeGreaterThan(90);
    expect(skipped.resamples).toBeLessThan(165);
    expect(renderTable(r)).toContain(`Bootstrap: ${skipped.resamples} of 400 resamples of Over-reliance in none had n = 0 and were skipped.`);
  });
});

describe('progress bar', () => {
  it('draws on a terminal and stays silent otherwise', async () => {
    const { progressBar } = await import('../../analysis/report/progress-bar.ts');
    let written = '';
    const tty = { isTTY: true, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const bar = progressBar(tty, 'bootstrap');
    bar.update(1, 4);
    bar.update(2, 4);
    bar.update(2, 4); // same percent: not redrawn
    bar.finish();
    expect(written.match(/\r/g)).toHaveLength(3);
    expect(written).toContain('] 50%');
    let silent = '';
    const pipe = { isTTY: false, write: (s: string) => ((silent += s), true) } as unknown as NodeJS.WriteStream;
    progressBar(pipe, 'bootstrap').update(1, 2);
    expect(silent).toBe('');
  });
});
