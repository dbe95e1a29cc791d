/** `similar_cases`: past cases like this one and how they were decided — example-based reasoning familiar to case officers. */
import { z } from 'zod';

export const similarCasesSchema = z
  .object({
    type: z.literal('similar_cases'),
    count: z.number().int().min(1).max(10).default(3),
    fields: z.array(z.string()).optional().describe('display fields shown in the table (default: the first 3)'),
  })
  .strict();
export type SimilarCasesOptions = z.infer<typeof similarCasesSchema>;
export interface SimilarCasesContent {
  type: 'similar_cases';
  fields: string[];
  /** Past cases, most similar first, with the decision that was taken on them. */
  cases: { caseId: string; values: Record<string, string | number>; outcome: string | number }[];
}
