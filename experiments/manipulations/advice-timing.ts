/**
 * When the AI's advice appears on a decision page (cognitive forcing, Buçinca, Malaya & Gajos 2021, "To Trust or to
 * Think", CSCW): at once (`immediate`, the default), only when the participant asks for it (`on_request`), or after a
 * wait that the server enforces (`delayed`: a decision sent before `delay_s` seconds is refused).
 *
 * One setting with one mode, so that a condition cannot be both on request and delayed: two factors setting
 * `advice_timing` in one condition is the clash that experiments/conditions.ts reports.
 * Applies to decision trials (and the attention checks among them), not to practice. In a two-stage design it applies
 * to the second stage, where the advice is; the initial decision is unchanged.
 */
import { z } from 'zod';

/** Longest wait a file may ask for (ten minutes): beyond it a page would look broken. */
export const MAX_ADVICE_DELAY_S = 600;

export const adviceTimingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('immediate').describe('the advice is on the page at once (default)') }).strict(),
  z
    .object({ mode: z.literal('on_request').describe('the advice is hidden behind a "See the AI\'s recommendation" button; the participant may decide without it') })
    .strict(),
  z
    .object({
      mode: z.literal('delayed').describe('the advice appears after delay_s seconds; a decision before then is refused by the server'),
      delay_s: z.number().int().min(1).max(MAX_ADVICE_DELAY_S).describe('seconds from the page being served to the advice'),
    })
    .strict(),
]);
export type AdviceTiming = z.infer<typeof adviceTimingSchema>;

/** The timing of a condition that does not set one. */
export const IMMEDIATE_ADVICE: AdviceTiming = { mode: 'immediate' };
