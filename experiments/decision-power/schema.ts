/**
 * Decision power as factor-level settings (issue 14, item 7): who has the last word, and whether an override must be
 * justified. Spread into `conditionSettingsSchema` so that they cross with every other setting.
 *
 *   last_word: agent        the agent decides, with the AI's advice shown (the default, today's page)
 *   last_word: ai           the AI's proposal is applied unless the agent overrides it (one-stage, label tasks)
 *   justify_overrides:      a final decision other than the AI's advice is accepted only with a written justification
 *     { min_chars: n }      of at least n characters (trimmed, counted in Unicode code points)
 */
import { z } from 'zod';

export const LAST_WORD = ['agent', 'ai'] as const;
export type LastWord = (typeof LAST_WORD)[number];

/** Longest justification accepted (characters): a sentence or a short paragraph, never a document. */
export const JUSTIFICATION_MAX_CHARS = 1000;

export const justifyOverridesSchema = z
  .object({
    min_chars: z
      .number()
      .int()
      .min(1)
      .max(500)
      .describe('characters the justification needs at least (trimmed); an override with less is refused'),
  })
  .strict();
export type JustifyOverrides = z.infer<typeof justifyOverridesSchema>;

/** The keys a factor level may set (spread into conditionSettingsSchema). */
export const decisionPowerSettingsShape = {
  last_word: z
    .enum(LAST_WORD)
    .optional()
    .describe('agent: the agent decides with the advice shown (default); ai: the proposal is applied unless the agent overrides it (one_stage, binary or categorical tasks)'),
  justify_overrides: justifyOverridesSchema
    .optional()
    .describe('an override (final decision other than the advice) must be justified in at least min_chars characters (binary or categorical tasks)'),
};
