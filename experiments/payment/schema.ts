/**
 * `payment`: what a participant is paid, declared in the experiment file. A fixed payment (paid by the platform for
 * a completed participation, shown on the debrief) and a bonus: an amount per correct final decision, minus optional
 * costs (per advice shown, per explanation shown), never below zero and capped. Incentives are also a manipulation
 * (Vasconcelos et al. 2023): a factor level may set its own `bonus`, which then applies to that condition's trials.
 */
import { z } from 'zod';

const amount = z.number().min(0).max(10_000);

export const bonusRuleSchema = z
  .object({
    per_correct: amount.default(0).describe('bonus per correct final decision (practice and attention checks excluded)'),
    max: amount.optional().describe('cap of the bonus (per condition in a within-subjects study)'),
    cost_per_advice: amount.default(0).describe('subtracted for each decision taken with the AI advice shown'),
    cost_per_explanation: amount.default(0).describe('subtracted for each decision taken with an explanation shown (any type but none)'),
  })
  .strict();
export type BonusRule = z.infer<typeof bonusRuleSchema>;

export const paymentSchema = z
  .object({
    currency: z.enum(['GBP', 'USD', 'EUR']).default('GBP').describe('currency of every amount (Prolific pays bonuses in GBP or USD)'),
    fixed: amount.default(0).describe('payment for a completed participation (paid by the platform; shown on the debrief)'),
    bonus: bonusRuleSchema.optional().describe('the bonus of every condition that sets none of its own'),
  })
  .strict();
export type Payment = z.infer<typeof paymentSchema>;
