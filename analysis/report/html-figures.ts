import type { AnalysisResult } from '../result.ts';
import type { ReportTable } from './report-tables.ts';
import { modelEffects, modelEffectsTable } from './model-tables.ts';
import { groupedBarChart } from './charts/bar-chart.ts';
import { forestPlot } from './charts/forest-plot.ts';
import { xyChart } from './charts/line-chart.ts';
import { boxPlots } from './charts/box-plot.ts';
import { escapeHtml as esc } from './charts/svg-frame.ts';
import {
  positionTable, firstErrorTable, confidenceTable, distributionTable, DISTRIBUTION_LABELS,
} from './descriptive-tables.ts';
import { fixed, interval, pValue } from './number-format.ts';
import { RELIANCE_METRICS, type RelianceMetricKey } from '../metrics/reliance-metrics.ts';
import { DISTRIBUTION_METRICS } from '../descriptives/participant-distributions.ts';

/**
 * The figures of the HTML report that pair a chart with the table of its numbers (its text alternative): condition
 * effects, factor interaction, per-participant distributions, learning curves, first AI error, displayed confidence.
 */

/** The effects of the forest plot, in this order. */
const FOREST_METRICS: RelianceMetricKey[] = ['agreement', 'overreliance', 'underreliance', 'rair', 'rsr', 'accuracy_final'];

const metricLabel = (key: string): string => RELIANCE_METRICS.find((m) => m.key === key)?.label ?? key;

/** A chart and the table of its numbers, which is its text alternative. */
export const figure = (svg: string, table: ReportTable): string =>
  `<figure>${svg}<figcaption class="note">The table below gives the numbers of this chart.</figcaption></figure>${htmlTable(table)}`;

/**
 * Forest plot of every comparison with the control: the difference of pooled values with its participant-cluster
 * bootstrap interval (the headline, cluster-aware interval); Newcombe's trial-level interval only in the table.
 */
export function effectFigures(result: AnalysisResult): string {
  const rows = FOREST_METRICS.flatMap((metric) => result.comparisons.filter((c) => c.metric === metric));
  // The declared primary outcome is named as such wherever it appears.
  const effectLabel = (metric: string) => `${metricLabel(metric)}${metric === result.primary ? ' (primary)' : ''}`;
  if (rows.length === 0) return '<p>One condition only: no comparison.</p>';
  const svg = forestPlot(
    `Differences from the control (${result.control})`,
    rows.map((c) => ({ label: `${effectLabel(c.metric)}: ${c.condition}`, estimate: c.difference, interval: c.bootstrap_difference ?? null })),
    result.bootstrap.resamples > 0
      ? `squares: difference of pooled values; lines: participant bootstrap 95% interval (B = ${result.bootstrap.resamples})`
      : 'squares: difference of pooled values; no interval (--bootstrap 0)',
  );
  const within = result.design?.type === 'within';
  const table: ReportTable = {
    title: 'Condition effects (text alternative of the forest plot)',
    note:
      'Headline interval: participant-cluster bootstrap. Newcombe: trial-level, descriptive (treats trials as independent). ' +
      `Test: ${within ? 'paired t on participant ratios' : 'Welch t on participant ratios'}; p Holm across the comparisons of each metric.`,
    columns: ['metric', 'condition', 'difference', 'bootstrap 95%', 'Newcombe 95% (descriptive)', `${within ? 'paired t' : 'Welch'} p`, 'p Holm', 'effect size [95% CI]'],
    rows: rows.map((c) => {
      const g = within ? c.paired_t?.hedges_gz : c.welch?.hedges_g;
      const ci = within ? c.paired_t?.hedges_gz_ci : c.welch?.hedges_g_ci;
      return [
        effectLabel(c.metric),
        c.condition,
        fixed(c.difference),
        interval(c.bootstrap_difference),
        interval(c.newcombe),
        pValue(within ? c.paired_t?.p : c.welch?.p),
        pValue(c.p_holm),
        g === null || g === undefined ? '—' : `${within ? 'g_z' : 'g'} ${fixed(g, 2)} ${interval(ci, 2)}`,
      ];
    }),
  };
  return figure(svg, table);
}

/** Forest plot of the mixed models' odds ratios (log axis, reference 1) with Wald intervals, and its table. */
export function modelFigures(result: AnalysisResult): string {
  const effects = modelEffects(result);
  const svg =
    effects.length === 0
      ? ''
      : forestPlot('Odds ratios against the control (mixed models)', effects, 'squares: odds ratio; lines: Wald 95% interval; log axis', 1, true);
  return figure(svg, modelEffectsTable(result));
}

/** Interaction plots of a two-factor design: the first factor on x, one line per level of the second. */
export function interactionFigures(result: AnalysisResult): string {
  const [a, b] = result.design!.factors;
  const levels = result.design!.condition_levels;
  const cell = (la: string, lb: string) =>
    result.conditions.find((c) => levels[c.condition]?.[a.name] === la && levels[c.condition]?.[b.name] === lb);
  const metrics: RelianceMetricKey[] = ['agreement', 'overreliance'];
  const svgs = metrics.map((metric) =>
    xyChart(
      `${metricLabel(metric)}: ${a.name} x ${b.name}`,
      b.levels.map((lb) => ({ name: `${b.name} = ${lb}`, points: a.levels.map((la, i) => ({ x: i, y: cell(la, lb)?.metrics[metric]?.value ?? null })) })),
      {
        xDomain: [-0.5, a.levels.length - 0.5],
        xLabel: a.name,
        yLabel: metricLabel(metric).toLowerCase(),
        xTicks: a.levels.map((label, x) => ({ x, label })),
        note: 'pooled values; parallel lines = no interaction (tests: factorial table)',
      },
    ),
  );
  const table: ReportTable = {
    title: `${metricLabel('agreement')} and ${metricLabel('overreliance').toLowerCase()} by ${a.name} and ${b.name}`,
    note: 'Pooled values per cell; the type II ANOVA of the factors is in the Tables section.',
    columns: ['metric', b.name, ...a.levels],
    rows: metrics.flatMap((metric) => b.levels.map((lb) => [metricLabel(metric), lb, ...a.levels.map((la) => fixed(cell(la, lb)?.metrics[metric]?.value))])),
  };
  return figure(`<div class="charts">${svgs.join('')}</div>`, table);
}

export function distributionFigures(result: AnalysisResult): string {
  const d = result.descriptives.participant_distributions;
  const parts: string[] = [];
  for (const metric of DISTRIBUTION_METRICS) {
    const rows = d.filter((x) => x.metric === metric);
    if (rows.length === 0) continue;
    parts.push(boxPlots(`${DISTRIBUTION_LABELS[metric]} per participant`, rows.map((r) => ({ ...r, label: r.condition })), 'common axis 0-1; box q1-q3, bar median, diamond mean, whiskers min-max'));
  }
  return figure(`<div class="charts">${parts.join('')}</div>`, distributionTable(result.descriptives, result.undefined_ratios === 'zero'));
}

export function learningFigures(result: AnalysisResult): string {
  const view = result.descriptives.by_position;
  const middle = view.bins.map((b) => (b.from + b.to) / 2);
  const xDomain: [number, number] = [view.bins[0]?.from ?? 0, view.bins[view.bins.length - 1]?.to ?? 1];
  const chart = (name: string, pick: (p: (typeof view.conditions)[number]['points'][number]) => number | null) =>
    xyChart(
      `${name} by trial position`,
      view.conditions.map((c) => ({ name: c.condition, points: c.points.map((p, i) => ({ x: middle[i], y: pick(p) })) })),
      { xDomain, xLabel: 'trial position (trial_index)', yLabel: name.toLowerCase(), note: 'pooled trial-level proportions (descriptive)' },
    );
  const svgs = [chart('Agreement', (p) => p.agreement.value), chart('Over-reliance', (p) => p.overreliance.value)];
  return figure(`<div class="charts">${svgs.join('')}</div>`, positionTable(result.descriptives));
}

export function firstErrorFigures(result: AnalysisResult): string {
  const view = result.descriptives.first_error;
  const series = [
    { name: 'before: agreement', pick: (f: (typeof view)[number]) => f.before.value },
    { name: 'after, AI right', pick: (f: (typeof view)[number]) => f.after_ai_right.value },
    { name: 'after, AI wrong', pick: (f: (typeof view)[number]) => f.after_ai_wrong.value },
  ];
  const svg = groupedBarChart(
    'Following the advice before and after the first AI error',
    view.map((f) => f.condition),
    series.map((s) => ({ name: s.name, bars: view.map((f) => ({ label: f.condition, value: s.pick(f) })) })),
    'pooled trial-level proportions (descriptive), no interval',
  );
  return figure(svg, firstErrorTable(result.descriptives));
}

export function confidenceFigures(result: AnalysisResult): string {
  const view = result.descriptives.by_confidence!;
  const shown = view.conditions.filter((c) => c.points.length > 0);
  const svg = xyChart(
    "Agreement and AI accuracy by the AI's displayed confidence",
    shown.flatMap((c) => [
      { name: `${c.condition}: agreement`, points: c.points.map((p) => ({ x: p.mean_confidence!, y: p.agreement.value })) },
      { name: `${c.condition}: AI accuracy`, points: c.points.map((p) => ({ x: p.mean_confidence!, y: p.accuracy_ai.value })) },
    ]),
    { xDomain: [0, 1], xLabel: 'displayed confidence (bin mean)', yLabel: 'share of trials', diagonal: true, note: 'dashed diagonal: confidence = accuracy' },
  );
  return figure(svg, confidenceTable(result.descriptives)!);
}


export function htmlTable(table: ReportTable): string {
  return [
    '<table>',
    `<caption>${esc(table.title)}</caption>`,
    `<thead><tr>${table.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${table.rows.map((r) => `<tr>${r.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
    table.note ? `<p class="note">${esc(table.note)}</p>` : '',
  ].join('');
}
