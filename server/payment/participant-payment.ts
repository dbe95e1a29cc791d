/**
 * A participant's payment, computed by the server from their stored final decisions and the experiment file's rules
 * (experiments/payment/compute.ts): the same function serves the debrief, the participant API and the exports, so
 * what a participant is shown is what the researcher pays. Needs only the file (the opened version's snapshot) and
 * the store, not the case bank: each decision record carries its truth.
 */
import { resolveConditions } from '../../experiments/conditions.ts';
import { paymentDue, type PaidDecision, type PaymentDue } from '../../experiments/payment/compute.ts';
import type { BonusRule } from '../../experiments/payment/schema.ts';
import type { ExperimentFile } from '../../experiments/schema.ts';
import type { Store, TrialRecord } from '../store/index.ts';

/** The bonus rule of each condition of a file: its own `bonus`, else the file's `payment.bonus`. */
export function bonusRules(file: ExperimentFile): (condition: string) => BonusRule | undefined {
  const own = new Map(resolveConditions(file).conditions.map((c) => [c.id, c.bonus]));
  return (condition) => own.get(condition) ?? file.payment?.bonus;
}

/** Whether a stored decision is right: the label, or a number within the task's `correct_within`. */
export function decisionCorrect(file: ExperimentFile, r: Pick<TrialRecord, 'decision' | 'truth'>): boolean {
  if (file.task.type === 'numeric') return Math.abs(Number(r.decision) - Number(r.truth)) <= file.task.correct_within + 1e-9;
  return String(r.decision) === String(r.truth);
}

/** What the participant is due, or null when the file declares no payment. */
export async function participantPayment(
  store: Store,
  file: ExperimentFile,
  participantId: string,
  bonusOf: (condition: string) => BonusRule | undefined = bonusRules(file),
): Promise<PaymentDue | null> {
  if (!file.payment) return null;
  const decisions: PaidDecision[] = [];
  for await (const t of store.trials(file.id, { participantId })) {
    if (t.practice || t.attentionCheck === true || t.phase !== 'final') continue;
    decisions.push({
      condition: t.condition,
      correct: decisionCorrect(file, t),
      adviceShown: t.advice !== null,
      ...(t.advice ? { explanation: t.advice.explanation } : {}),
    });
  }
  return paymentDue(file.payment, bonusOf, decisions);
}
