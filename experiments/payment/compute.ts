/**
 * A participant's payment from their stored decisions: for each condition, bonus = max(0, per_correct * correct -
 * cost_per_advice * decisions with advice - cost_per_explanation * decisions with an explanation), capped at `max`;
 * the participant's bonus is the sum over the conditions they met (one in a between-subjects study), rounded to the
 * cent. Pure: the same decisions give the same amounts on the debrief, in the export and in the bonus CSV.
 *
 * Example: per_correct 0.10, max 1.50, cost_per_explanation 0.02; 14 correct of 20, all 20 with an explanation:
 * 1.40 - 0.40 = 1.00.
 */
import type { BonusRule, Payment } from './schema.ts';

/** One final decision as the payment sees it. */
export interface PaidDecision {
  condition: string;
  correct: boolean;
  adviceShown: boolean;
  /** The explanation type shown with the advice (`none` or absent: no explanation). */
  explanation?: string;
}

export interface PaymentDue {
  currency: Payment['currency'];
  fixed: number;
  bonus: number;
  correct: number;
  decisions: number;
}

export function paymentDue(payment: Payment, bonusOf: (condition: string) => BonusRule | undefined, decisions: readonly PaidDecision[]): PaymentDue {
  const byCondition = new Map<string, PaidDecision[]>();
  for (const d of decisions) byCondition.set(d.condition, [...(byCondition.get(d.condition) ?? []), d]);
  let bonus = 0;
  for (const [condition, list] of byCondition) {
    const rule = bonusOf(condition);
    if (!rule) continue;
    const earned =
      rule.per_correct * list.filter((d) => d.correct).length -
      rule.cost_per_advice * list.filter((d) => d.adviceShown).length -
      rule.cost_per_explanation * list.filter((d) => d.adviceShown && d.explanation !== undefined && d.explanation !== 'none').length;
    bonus += Math.min(rule.max ?? Infinity, Math.max(0, earned));
  }
  return {
    currency: payment.currency,
    fixed: cents(payment.fixed),
    bonus: cents(bonus),
    correct: decisions.filter((d) => d.correct).length,
    decisions: decisions.length,
  };
}

/** Rounded to the cent, half away from zero, without binary noise (0.1 * 3 = 0.30). */
export function cents(x: number): number {
  return Math.round(Math.round(x * 1e6) / 1e4) / 100;
}
