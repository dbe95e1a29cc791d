/**
 * What the decision-power settings add to a decision page: with `last_word: ai`, the proposal as the decision that
 * will be applied and the other answers to override it with; with `justify_overrides`, a note that an override will
 * be justified; and the justification page itself, shown (nothing stored yet) after an override.
 */
import { stampServedAt } from '../../security/served-stamp.ts';
import { answerText, dossierOf } from '../display.ts';
import type { FlowContext } from '../context.ts';
import type { TrialPage } from '../pages.ts';
import { adviceShown } from './answer.ts';
import { JUSTIFICATION_MAX_CHARS } from '../../../experiments/decision-power/schema.ts';
import { justificationPosition, powerOf, type JustificationState } from './submission.ts';

export interface DecisionPowerView {
  /** last_word ai: the proposal to apply and the answers that override it; null when the agent decides. */
  lastWord: { proposal: string; others: { id: string; value: string; text: string }[] } | null;
  /** justify_overrides: the number of characters an override's justification needs; null when none. */
  justifyMinChars: number | null;
}

export function decisionPowerView(ctx: FlowContext, page: TrialPage): DecisionPowerView | null {
  const advice = adviceShown(ctx, page);
  const power = powerOf(ctx.experiment.conditions.find((c) => c.id === page.trial.condition), advice);
  const task = ctx.experiment.file.task;
  if (power === null || task.type === 'numeric') return null;
  return {
    lastWord:
      power.lastWord === 'ai'
        ? {
            proposal: answerText(ctx.experiment, advice!, ctx.tr),
            others: task.labels
              .map((l, i) => ({ id: `decision-${i}`, value: l.value, text: ctx.tr.text(l.text) }))
              .filter((o) => o.value !== String(advice)),
          }
        : null,
    justifyMinChars: power.minChars,
  };
}

/** The fields the first answer carried, sent again with the justification (as hidden fields, in this order). */
const CARRIED = ['served', 'decision', 'action', 'certainty', 'client_rt_ms', 'trust_rating', 'self_confidence_rating'] as const;

/** The model of participant/justification: the dossier, the advice and the decision recalled, the text to write. */
export function justificationPageModel(ctx: FlowContext, page: TrialPage, decision: string | number, state: Extract<JustificationState, { kind: 'ask' }>, body: Record<string, unknown>) {
  const { tr, experiment } = ctx;
  const advice = adviceShown(ctx, page)!;
  const minChars = powerOf(experiment.conditions.find((c) => c.id === page.trial.condition), advice)?.minChars ?? 1;
  const heading = tr.t(page.practice ? 'trial.practice_heading' : 'trial.heading', { number: page.number, total: page.total });
  return {
    heading,
    csrfToken: typeof body._csrf === 'string' ? body._csrf : '',
    dossier: dossierOf(experiment, page.trial.caseId, tr),
    recommendation: answerText(experiment, advice, tr),
    decision: answerText(experiment, decision, tr),
    carried: CARRIED.filter((name) => typeof body[name] === 'string').map((name) => ({ name, value: body[name] as string })),
    justifyServed: stampServedAt(ctx.secret, ctx.participant.id, justificationPosition(page.key), new Date(state.servedAt)),
    text: state.text,
    minChars,
    maxChars: JUSTIFICATION_MAX_CHARS,
    problem: state.problem,
  };
}
