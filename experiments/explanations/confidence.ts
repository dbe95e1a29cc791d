/** `confidence`: the recommendation and the model's confidence, as a number and in words (Zhang, Liao & Bellamy 2020). */
import { z } from 'zod';
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
