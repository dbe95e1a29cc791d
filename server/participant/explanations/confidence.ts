/** `confidence`: the model's confidence as a percentage and in words (words never rely on colour). */
import type { ConfidenceContent } from '../../../experiments/explanations/confidence.ts';
import type { ExplanationViewContext } from './context.ts';

export interface ConfidenceView {
  percent?: string;
  words?: string;
}

/** Verbal bands of confidence, highest first. */
const BANDS: readonly [number, string][] = [
  [0.85, 'very_high'],
  [0.7, 'high'],
  [0.55, 'moderate'],
  [0, 'low'],
];

export function confidenceView(content: ConfidenceContent, { tr }: ExplanationViewContext): ConfidenceView {
  const band = BANDS.find(([min]) => content.confidence >= min)?.[1] ?? 'low';
  const percent = tr.number(content.confidence, { style: 'percent', maximumFractionDigits: 0 });
  return {
    ...(content.format !== 'words' ? { percent } : {}),
    ...(content.format !== 'percent' ? { words: tr.t(`explanations.confidence.band_${band}`) } : {}),
  };
}
