/** `rationale`: a short plain-language justification of the recommendation (EU AI Act art. 86). */
import { z } from 'zod';

export const rationaleSchema = z
  .object({
    type: z.literal('rationale'),
    max_factors: z.number().int().min(1).max(5).default(2).describe('factors cited when the text is generated'),
  })
  .strict();
export type RationaleOptions = z.infer<typeof rationaleSchema>;
export interface RationaleContent {
  type: 'rationale';
  /** The justification per language; it always argues for the recommendation shown. */
  text: { fr?: string; en?: string };
}
