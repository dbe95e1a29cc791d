/**
 * Outcome feedback on decision trials (not only in practice): none (the default), after each decision (`trial`: the
 * right answer, whether the participant's decision and the AI's were right), or a summary after each block (`block`:
 * the participant's accuracy and the AI's over the block).
 *
 * A block is `every` consecutive decision trials of the condition; in a within-subjects design, without `every`, the
 * condition's block. Attention checks get no feedback and do not count in a block summary.
 */
import { z } from 'zod';

export const outcomeFeedbackSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none').describe('no feedback on decision trials (default)') }).strict(),
  z.object({ type: z.literal('trial').describe('after each decision: the right answer, and whether your decision and the AI\'s were right') }).strict(),
  z
    .object({
      type: z.literal('block').describe("after each block: your accuracy and the AI's over the block"),
      every: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('a block is this many consecutive decision trials (required between-subjects; within-subjects default: the condition block)'),
    })
    .strict(),
]);
export type OutcomeFeedback = z.infer<typeof outcomeFeedbackSchema>;

export const NO_OUTCOME_FEEDBACK: OutcomeFeedback = { type: 'none' };
