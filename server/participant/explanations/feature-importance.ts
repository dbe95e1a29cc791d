/**
 * `feature_importance`: a horizontal bar chart drawn on the server as SVG (no script, no library), one bar per
 * factor around a central axis: to the right and solid when the factor supports the recommendation, to the left and
 * hatched when it argues against it. Every bar also carries its signed value and the words "for"/"against" as text,
 * so the chart reads without colour, and the same values are listed in a table below it.
 */
import type { FeatureImportanceContent } from '../../../experiments/explanations/feature-importance.ts';
import { fieldByKey, fieldLabel, formatFieldValue } from '../display.ts';
import type { ExplanationViewContext } from './context.ts';

export interface FeatureBar {
  label: string;
  caseValue?: string;
  weight: string;
  /** "for the recommendation" / "against the recommendation" (table), and the short word beside the bar (chart). */
  direction: string;
  directionShort: string;
  supports: boolean;
  /** Geometry in SVG user units. */
  labelY: number;
  barX: number;
  barY: number;
  barWidth: number;
  valueX: number;
  valueAnchor: 'start' | 'end';
}

export interface FeatureImportanceView {
  width: number;
  height: number;
  axisX: number;
  barHeight: number;
  bars: FeatureBar[];
}

const WIDTH = 600;
const ROW = 52;
const BAR_HEIGHT = 16;
const AXIS_X = WIDTH / 2;
/** Room left for the value text beside the longest bar. */
const HALF_BAR_MAX = AXIS_X - 110;

export function featureImportanceView(content: FeatureImportanceContent, { experiment, tr }: ExplanationViewContext): FeatureImportanceView {
  const max = Math.max(...content.factors.map((f) => Math.abs(f.weight)), 1e-9);
  const bars = content.factors.map((factor, i): FeatureBar => {
    const supports = factor.weight >= 0;
    const width = Math.max(2, (Math.abs(factor.weight) / max) * HALF_BAR_MAX);
    const top = i * ROW;
    const field = fieldByKey(experiment, factor.field);
    const barX = supports ? AXIS_X : AXIS_X - width;
    return {
      label: fieldLabel(experiment, factor.field, tr),
      caseValue: factor.value !== undefined && field ? formatFieldValue(field, factor.value, tr) : undefined,
      weight: `${supports ? '+' : '\u2212'}${tr.number(Math.abs(factor.weight), { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      direction: tr.t(supports ? 'explanations.feature_importance.for' : 'explanations.feature_importance.against'),
      directionShort: tr.t(supports ? 'explanations.feature_importance.for_short' : 'explanations.feature_importance.against_short'),
      supports,
      labelY: top + 16,
      barX: round(barX),
      barY: top + 24,
      barWidth: round(width),
      valueX: round(supports ? barX + width + 6 : barX - 6),
      valueAnchor: supports ? 'start' : 'end',
    };
  });
  return { width: WIDTH, height: Math.max(ROW, bars.length * ROW), axisX: AXIS_X, barHeight: BAR_HEIGHT, bars };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
