/**
 * The decision-power part of a decision form (experiments/decision-power/schema.ts): who has the last word, and the
 * justification of an override. The client never says whether its answer is an override: the server compares the
 * decision with the advice it showed. What the client does send is checked against that:
 *
 *   last_word ai   `action=apply` applies the proposal (no other `decision` allowed); `action=override` needs a
 *                  `decision` other than the proposal. An "apply" carrying another answer is refused (400).
 *   justify        an override is accepted only with `justification` (>= min_chars, trimmed) written on its own
 *                  page, whose serving time travels signed in `justify_served`; a justification sent with an answer
 *                  that is not an override, or in a condition that asks for none, is refused (400).
 *
 * Nothing is stored until the whole answer is valid. Times are the server's: the decision took
 * (justification page served - trial page served), the justification (answer received - justification page served).
 */
import { z } from 'zod';
import type { Condition, Experiment } from '../../../experiments/model.ts';
import { JUSTIFICATION_MAX_CHARS, type LastWord } from '../../../experiments/decision-power/schema.ts';
import { readServedAt } from '../../security/served-stamp.ts';
import type { Translator } from '../../i18n.ts';
import { InvalidSubmission } from '../forms.ts';

/** Whether any condition of the experiment sets a decision-power setting (its forms then accept the fields below). */
export function hasDecisionPower(experiment: Experiment): boolean {
  return experiment.conditions.some((c) => c.lastWord !== undefined || c.justifyOverrides !== undefined);
}

/** Whether any condition gives the AI the last word (a decision form may then come without `decision`: "apply"). */
export function hasLastWordAi(experiment: Experiment): boolean {
  return experiment.conditions.some((c) => c.lastWord === 'ai');
}

/** The extra fields of a decision form in a study with decision-power conditions. */
export function decisionPowerFormShape(tr: Translator) {
  return {
    action: z.enum(['apply', 'override'], { error: tr.t('errors.last_word_action') }).optional(),
    justification: z.string().max(JUSTIFICATION_MAX_CHARS, { error: tr.t('errors.justification_too_long', { max: JUSTIFICATION_MAX_CHARS }) }).optional(),
    justify_served: z.string().max(128).optional(),
  };
}

export interface DecisionPowerForm {
  decision?: string | number;
  action?: 'apply' | 'override';
  justification?: string;
  justify_served?: string;
}

/** Where the page shows advice in a decision-power condition: the setting that applies, else null (an ordinary page). */
export function powerOf(condition: Condition | undefined, advice: string | number | null): { lastWord: LastWord; minChars: number | null } | null {
  if (!condition || advice === null) return null;
  if (condition.lastWord === undefined && condition.justifyOverrides === undefined) return null;
  return { lastWord: condition.lastWord ?? 'agent', minChars: condition.justifyOverrides?.min_chars ?? null };
}

/** The decision the form stands for, after the last-word checks; throws InvalidSubmission for a forged combination. */
export function resolveDecision(form: DecisionPowerForm, power: ReturnType<typeof powerOf>, advice: string | number | null, tr: Translator): string | number {
  const problem = (message: string) => new InvalidSubmission([tr.t('errors.problem', { field: tr.t('fields.decision'), message })]);
  if (power?.lastWord !== 'ai') {
    if (form.action !== undefined) throw new InvalidSubmission([tr.t('errors.unknown_fields', { fields: 'action' })]);
    if (form.decision === undefined) throw problem(tr.t('errors.choose_answer'));
    return form.decision;
  }
  const proposal = String(advice);
  if (form.action === undefined) throw problem(tr.t('errors.last_word_action'));
  if (form.action === 'apply') {
    if (form.decision !== undefined && String(form.decision) !== proposal) throw problem(tr.t('errors.apply_with_other'));
    return advice as string | number;
  }
  if (form.decision === undefined) throw problem(tr.t('errors.choose_override'));
  if (String(form.decision) === proposal) throw problem(tr.t('errors.override_same'));
  return form.decision;
}

/** What the justification part of an answer amounts to. */
export type JustificationState =
  | { kind: 'not_needed' }
  /** An override without a valid justification yet: show (or show again) the justification page. */
  | { kind: 'ask'; status: 200 | 400; text: string; servedAt: number; problem: string | null }
  | { kind: 'given'; text: string; chars: number; ms: number; servedAt: number };

/** Trimmed length in Unicode code points (an accented letter or an emoji counts as one character). */
export function justificationLength(text: string): number {
  return [...text.trim()].length;
}

export function justificationState(
  form: DecisionPowerForm,
  power: ReturnType<typeof powerOf>,
  overridden: boolean,
  stamp: { secret: string; participantId: string; pageKey: string; now: number },
  tr: Translator,
): JustificationState {
  const field = tr.t('fields.justification');
  const refuse = (message: string) => new InvalidSubmission([tr.t('errors.problem', { field, message })]);
  const sent = form.justification !== undefined || form.justify_served !== undefined;
  if (power === null || power.minChars === null) {
    if (sent) throw new InvalidSubmission([tr.t('errors.unknown_fields', { fields: 'justification' })]);
    return { kind: 'not_needed' };
  }
  if (!overridden) {
    if (sent) throw refuse(tr.t('errors.justification_not_override'));
    return { kind: 'not_needed' };
  }
  if (form.justify_served === undefined) {
    if (form.justification !== undefined) throw refuse(tr.t('errors.justification_own_page'));
    return { kind: 'ask', status: 200, text: '', servedAt: stamp.now, problem: null };
  }
  const servedAt = readServedAt(stamp.secret, stamp.participantId, justificationPosition(stamp.pageKey), form.justify_served);
  if (servedAt === null) throw new InvalidSubmission([tr.t('errors.stale_form')]);
  const text = (form.justification ?? '').trim();
  const chars = justificationLength(text);
  if (chars < power.minChars) {
    const problem = tr.t('errors.problem', { field, message: tr.t('errors.justification_too_short', { min: power.minChars, count: chars }) });
    return { kind: 'ask', status: 400, text, servedAt, problem };
  }
  return { kind: 'given', text, chars, ms: Math.max(0, stamp.now - servedAt), servedAt };
}

/** The position the justification page's serving time is signed for: never valid as the trial page's own stamp. */
export function justificationPosition(pageKey: string): string {
  return `${pageKey}#justification`;
}
