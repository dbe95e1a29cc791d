/**
 * `feature_importance`: the main factors of this case and their weight, signed so that positive argues for the
 * recommendation shown (CRPA L311-3-1: parameters and their weighting applied to the person).
 */
import { z } from 'zod';
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
