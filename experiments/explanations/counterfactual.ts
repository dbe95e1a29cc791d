/** `counterfactual`: what would have to change in the case for the recommendation to flip. */
import { z } from 'zod';

export const counterfactualSchema = z
  .object({
    type: z.literal('counterfactual'),
    max_changes: z.number().int().min(1).max(3).default(1),
  })
  .strict();
export type CounterfactualOptions = z.infer<typeof counterfactualSchema>;
export interface CounterfactualContent {
  type: 'counterfactual';
  /** Changes to the case, each field with its current and its counterfactual value. */
  changes: { field: string; from: string | number; to: string | number }[];
  /** The recommendation the model would give after these changes. */
  alternative: string | number;
  /** Optional ready-made text per language from the case bank (used only when it argues for the shown advice). */
  text?: { fr?: string; en?: string };
}
