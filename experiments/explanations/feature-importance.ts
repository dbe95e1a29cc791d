/**
 * `feature_importance`: the main factors of this case and their weight, signed so that positive argues for the
 * recommendation shown (CRPA L311-3-1: parameters and their weighting applied to the person).
 */
import { z } from 'zod';
import type { Case } from '../model.ts';
import type { Problem } from '../problems.ts';
import { formatAmount } from '../format-value.ts';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../participant-text.ts';
import { defineExplanation, type ExplanationFileContext, type ExplanationViewContext } from './explanation-type.ts';
import type { ExplanationInput } from './evidence.ts';

export const featureImportanceSchema = z
  .object({
    type: z.literal('feature_importance'),
    top: z.number().int().min(1).max(10).default(5).describe('how many factors to show, largest first'),
    show_values: z.boolean().default(true).describe('also show the case value of each factor'),
  })
  .strict();
export type FeatureImportanceOptions = z.infer<typeof featureImportanceSchema>;
export interface FeatureImportanceContent {
  type: 'feature_importance';
  /** Largest |weight| first; weight > 0 supports the recommendation shown, < 0 argues against it. */
  factors: { field: string; weight: number; value?: string | number }[];
  /** The recommendation the weights push toward (a label value, or the estimate on a numeric task). */
  toward?: string | number;
  /** Numeric tasks: the estimate before any factor (base + every weight = the estimate shown). */
  base?: number;
  /** Net weight of the factors not shown (beyond `top`), so that the shown parts add up. */
  others?: number;
}

/** The `top` factors with the largest |weight|, ties in display-field order. */
export function buildFeatureImportance(options: FeatureImportanceOptions, input: ExplanationInput): FeatureImportanceContent {
  const ranked = input.contributions
    .map((c, order) => ({ ...c, order }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.order - b.order)
    .slice(0, options.top);
  const shown = new Set(ranked.map((c) => c.field));
  const others = input.contributions.filter((c) => !shown.has(c.field)).reduce((s, c) => s + c.weight, 0);
  return {
    type: 'feature_importance',
    factors: ranked.map((c) => ({
      field: c.field,
      weight: c.weight,
      ...(options.show_values ? { value: input.case.values[c.field] } : {}),
    })),
    toward: input.recommendation,
    ...(input.base !== undefined ? { base: input.base } : {}),
    ...(Math.abs(others) > 1e-9 ? { others: Math.round(others * 1e6) / 1e6 } : {}),
  };
}

/**
 * A type built on per-factor contributions (feature_importance, legal_crpa) needs them: `contrib_*` columns in the bank,
 * or numeric display fields from which the advice engine derives them (difference from the mean of each truth class).
 * Text-only fields give neither.
 */
export function checkContributionsDerivable(type: string, file: ExplanationFileContext, cases: Case[]): Problem[] {
  const hasContributions = cases.some((c) => c.ai.contributions !== undefined);
  const hasNumericField = file.display.fields.some((f) => f.format !== 'text');
  if (hasContributions || hasNumericField) return [];
  return [{ path: ['type'], message: `${type} needs contrib_<field> columns in the case bank or at least one numeric display field to derive them from` }];
}

// View model: what views/explanations/feature-importance.ejs shows.

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

/**
 * View: `feature_importance`: a horizontal bar chart, one row per factor. The words are HTML text (the factor and its case
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

export const featureImportanceExplanation = defineExplanation({
  type: 'feature_importance',
  schema: featureImportanceSchema,
  usesContributions: true,
  build: buildFeatureImportance,
  view: featureImportanceView,
  checkCases: (_options, file, cases) => checkContributionsDerivable('feature_importance', file, cases),
});
