/** `confidence`: the recommendation and the model's confidence, as a number and in words (Zhang, Liao & Bellamy 2020). */
import { z } from 'zod';
import { defineExplanation, type ExplanationViewContext } from './explanation-type.ts';
import type { ExplanationInput } from './evidence.ts';

export const confidenceSchema = z
  .object({
    type: z.literal('confidence'),
    format: z.enum(['percent', 'words', 'both']).default('both'),
  })
  .strict();
export type ConfidenceOptions = z.infer<typeof confidenceSchema>;
export interface ConfidenceContent {
  type: 'confidence';
  /** 0..1, as shown. */
  confidence: number;
  format: ConfidenceOptions['format'];
}

export function buildConfidence(options: ConfidenceOptions, input: ExplanationInput): ConfidenceContent {
  return { type: 'confidence', confidence: input.confidence, format: options.format };
}

// View model: what views/explanations/confidence.ejs shows.

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

/** View: `confidence`: the model's confidence as a percentage and in words (words never rely on colour). */
export function confidenceView(content: ConfidenceContent, { tr }: ExplanationViewContext): ConfidenceView {
  const band = BANDS.find(([min]) => content.confidence >= min)?.[1] ?? 'low';
  const percent = tr.number(content.confidence, { style: 'percent', maximumFractionDigits: 0 });
  return {
    ...(content.format !== 'words' ? { percent } : {}),
    ...(content.format !== 'percent' ? { words: tr.t(`explanations.confidence.band_${band}`) } : {}),
  };
}

export const confidenceExplanation = defineExplanation({
  type: 'confidence',
  schema: confidenceSchema,
  usesContributions: false,
  build: buildConfidence,
  view: confidenceView,
});
