/**
 * A decision form read in a study with decision-power conditions: the decision it stands for, whether it overrides
 * the advice shown, and the state of its justification; and the fields this adds to the stored trial.
 */
import type { TrialRecord } from '../../store/index.ts';
import type { FlowContext } from '../context.ts';
import type { TrialPage } from '../pages.ts';
import type { LastWord } from '../../../experiments/decision-power/schema.ts';
import { adviceTimingOf, storedRequest } from '../advice-gate.ts';
import { justificationState, powerOf, resolveDecision, type DecisionPowerForm, type JustificationState } from './submission.ts';

export interface DecisionPowerAnswer {
  lastWord: LastWord;
  /** justify_overrides: characters a justification needs; null when none is asked. */
  minChars: number | null;
  /** The final decision differs from the advice shown (computed by the server, never taken from the client). */
  overridden: boolean;
  justification: JustificationState;
}

/**
 * The advice this page shows, as the value a decision is compared with; null on a page without advice, and on a page
 * whose advice is on request and was not requested (a decision cannot override advice the participant never saw).
 */
export function adviceShown(ctx: Pick<FlowContext, 'experiment' | 'participant'>, page: TrialPage): string | number | null {
  if (!page.withAdvice || !page.trial.advice) return null;
  if (adviceTimingOf(ctx, page).mode === 'on_request' && storedRequest(ctx, page) === null) return null;
  return page.trial.advice.recommendation;
}

export function readDecisionPower(
  ctx: FlowContext,
  page: TrialPage,
  form: DecisionPowerForm,
): { decision: string | number; power: DecisionPowerAnswer | null } {
  const advice = adviceShown(ctx, page);
  const power = powerOf(ctx.experiment.conditions.find((c) => c.id === page.trial.condition), advice);
  const decision = resolveDecision(form, power, advice, ctx.tr);
  const overridden = power !== null && String(decision) !== String(advice);
  const stamp = { secret: ctx.secret, participantId: ctx.participant.id, pageKey: page.key, now: ctx.now.getTime() };
  const justification = justificationState(form, power, overridden, stamp, ctx.tr);
  return { decision, power: power === null ? null : { lastWord: power.lastWord, minChars: power.minChars, overridden, justification } };
}

/** The optional TrialRecord fields of a decision-power trial (none for other trials). */
export function decisionPowerRecord(power: DecisionPowerAnswer | null | undefined): Partial<TrialRecord> {
  if (!power) return {};
  const j = power.justification;
  return {
    lastWord: power.lastWord,
    overridden: power.overridden,
    ...(power.minChars !== null ? { justifyMinChars: power.minChars } : {}),
    ...(j.kind === 'given' ? { justification: j.text, justificationChars: j.chars, justificationMs: j.ms } : {}),
  };
}
