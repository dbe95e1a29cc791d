/**
 * Payment rules (experiments/payment/compute.ts): bonus per right final decision minus costs, floored at zero,
 * capped, per condition; amounts to the cent. Expected values computed by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import { cents, paymentDue, type PaidDecision } from '../../experiments/payment/compute.ts';
import type { BonusRule, Payment } from '../../experiments/payment/schema.ts';

const payment: Payment = { currency: 'GBP', fixed: 3.75, bonus: { per_correct: 0.05, max: 1, cost_per_advice: 0, cost_per_explanation: 0 } };
const decisions = (condition: string, right: number, wrong: number, explanation = 'none'): PaidDecision[] => [
  ...Array.from({ length: right }, () => ({ condition, correct: true, adviceShown: true, explanation })),
  ...Array.from({ length: wrong }, () => ({ condition, correct: false, adviceShown: true, explanation })),
];

describe('paymentDue', () => {
  it('pays per right decision: 14 right of 20 at 0.05 = 0.70, plus the fixed payment', () => {
    const due = paymentDue(payment, () => payment.bonus, decisions('none', 14, 6));
    expect(due).toEqual({ currency: 'GBP', fixed: 3.75, bonus: 0.7, correct: 14, decisions: 20 });
  });

  it('caps the bonus: 25 right at 0.05 = 1.25, capped at 1.00', () => {
    expect(paymentDue(payment, () => payment.bonus, decisions('none', 25, 0)).bonus).toBe(1);
  });

  it('subtracts costs and never goes below zero', () => {
    const costly: BonusRule = { per_correct: 0.1, max: 1.5, cost_per_advice: 0, cost_per_explanation: 0.02 };
    // 14 right x 0.10 - 20 explanations x 0.02 = 1.40 - 0.40 = 1.00
    expect(paymentDue(payment, () => costly, decisions('fi', 14, 6, 'feature_importance')).bonus).toBe(1);
    // no explanation shown ('none'): no cost; 1.40
    expect(paymentDue(payment, () => costly, decisions('none', 14, 6)).bonus).toBe(1.4);
    const harsh: BonusRule = { per_correct: 0.01, cost_per_advice: 0.05, cost_per_explanation: 0 };
    expect(paymentDue(payment, () => harsh, decisions('none', 3, 7)).bonus).toBe(0);
  });

  it('applies each condition its own rule (incentive as a manipulation), capping each', () => {
    const rules: Record<string, BonusRule> = {
      low: { per_correct: 0.02, cost_per_advice: 0, cost_per_explanation: 0 },
      high: { per_correct: 0.2, max: 1, cost_per_advice: 0, cost_per_explanation: 0 },
    };
    // Within subjects: 8 right in "low" (0.16) + 6 right in "high" (1.20 capped at 1.00) = 1.16
    const due = paymentDue(payment, (c) => rules[c], [...decisions('low', 8, 2), ...decisions('high', 6, 4)]);
    expect(due.bonus).toBe(1.16);
    expect(due.correct).toBe(14);
    // A condition without a rule earns nothing.
    expect(paymentDue(payment, () => undefined, decisions('none', 10, 0)).bonus).toBe(0);
  });

  it('rounds to the cent without binary noise', () => {
    expect(cents(0.1 * 3)).toBe(0.3);
    expect(cents(1.005)).toBe(1.01);
    expect(cents(0.07 * 3)).toBe(0.21);
  });
});
