/**
 * `feature_importance`: a horizontal bar chart, one row per factor. The words are HTML text (the factor and its case
 * value on one line, the signed weight beside its bar), so they wrap and zoom like the rest of the page and never
 * clip, from a 320 px phone to a 200 % zoom (WCAG 1.4.10). Only the bar itself is SVG geometry, stretched to the row's
 * width: one scale for every row, the axis placed so that the longest bar on each side fills its side (all bars
 * start at the left edge when every factor supports the recommendation). Supporting bars are solid, opposing ones
 * hatched, and each carries its sign and a word ("pour"/"contre"), so nothing relies on colour; the same values are
 * listed in a table below the chart.
 *
 * Binary and categorical tasks weigh factors in points for or against the recommendation (`+0,98 pour`); numeric
 * tasks in the task's unit, as what the factor adds to or removes from the estimate (`+91 ménages`).
 */
import type { FeatureImportanceContent } from '../../../experiments/explanations/feature-importance.ts';
import { formatAmount } from '../../../experiments/format-value.ts';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../display.ts';
import type { ExplanationViewContext } from './context.ts';

export interface FeatureBar {
  label: string;
  caseValue?: string;
  /** The signed weight: `+0,98` (points), or `+91 ménages` on a numeric task. */
  weight: string;
  /** Table text: "pour la recommandation" / "fait monter l'estimation"... */
  direction: string;
  /** The word beside the bar ("pour"/"contre"); empty on numeric tasks, where the sign and unit say it. */
  directionShort: string;
  supports: boolean;
  /** Bar geometry in percent of the track's width. */
  barX: number;
  barWidth: number;
}

export interface FeatureImportanceView {
  /** The chart's caption, naming the answer the weights push toward. */
  caption: string;
  /** What the weights are measured in, and where they start (numeric: the base estimate). */
  unitNote: string;
  /** The lines that make the parts add up: factors not shown, then the total (the estimate, or the net points). */
  summary: string[];
  /** The axis, in percent of the track's width. */
  axisX: number;
  bars: FeatureBar[];
  /** Whether the case values are shown (the study's `show_values`). */
  showValues: boolean;
}

/** The shortest bar still drawn, in percent, so a tiny weight remains visible next to its value. */
const MIN_BAR = 1;
const MINUS = '\u2212';

export function featureImportanceView(content: FeatureImportanceContent, { experiment, tr }: ExplanationViewContext): FeatureImportanceView {
  const task = experiment.file.task;
  const numeric = task.type === 'numeric';
  const key = numeric ? 'explanations.feature_importance.numeric' : 'explanations.feature_importance';
  const against = Math.max(0, ...content.factors.filter((f) => f.weight < 0).map((f) => -f.weight));
  const support = Math.max(0, ...content.factors.filter((f) => f.weight >= 0).map((f) => f.weight));
  const span = against + support || 1;
  const axisX = round((against / span) * 100);
  const bars = content.factors.map((factor): FeatureBar => {
    const supports = factor.weight >= 0;
    const width = Math.max(MIN_BAR, (Math.abs(factor.weight) / span) * 100);
    const field = fieldByKey(experiment, factor.field);
    const weight = numeric
      ? formatAmount(factor.weight, task.unit, tr.lang, { signed: true })
      : tr.number(factor.weight, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).replace('-', MINUS);
    return {
      label: fieldLabel(experiment, factor.field, tr),
      caseValue: factor.value !== undefined && field ? formatFieldValue(experiment, field, factor.value, tr) : undefined,
      weight,
      direction: tr.t(`${key}.${supports ? 'for' : 'against'}`),
      directionShort: numeric ? '' : tr.t(`${key}.${supports ? 'for_short' : 'against_short'}`),
      supports,
      barX: round(supports ? axisX : Math.max(0, axisX - width)),
      barWidth: round(width),
    };
  });
  const amount = (n: number, signed: boolean) =>
    numeric ? formatAmount(n, task.unit, tr.lang, { signed }) : tr.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto' }).replace('-', MINUS);
  const net = content.factors.reduce((s, f) => s + f.weight, 0) + (content.others ?? 0);
  const toward = content.toward !== undefined ? answerText(experiment, content.toward, tr) : '';
  const summary: string[] = [];
  if (content.others !== undefined) summary.push(tr.t(`${key}.others`, { weight: amount(content.others, true) }));
  if (numeric && content.base !== undefined) summary.push(tr.t(`${key}.total`, { base: amount(content.base, false), total: amount(content.base + net, false) }));
  else if (!numeric && toward) summary.push(tr.t(`${key}.total`, { weight: amount(net, true), label: toward }));
  return {
    caption: tr.t(`${key}.caption`, { label: toward }),
    unitNote: numeric && content.base !== undefined ? tr.t(`${key}.base`, { base: amount(content.base, false) }) : tr.t(`${key}.unit`, { label: toward }),
    summary,
    axisX,
    bars,
    showValues: bars.some((b) => b.caseValue !== undefined),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
