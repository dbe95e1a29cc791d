/**
 * A decision page: the case as a dossier, the task's answer control and, when asked, how sure the participant is.
 * Two-stage trials show this page twice: first without advice (initial decision), then with the AI recommendation,
 * its explanation and the initial decision recalled (final decision). One-stage trials show the advice at once.
 *
 * What is shown comes only from the participant's plan: the advice and explanation of this trial in this
 * participant's condition. The truth and the advice's correctness go to the store, never to the page.
 */
import { z } from 'zod';
import { stampServedAt, readServedAt } from '../../security/served-stamp.ts';
import type { TrialRecord } from '../../store/index.ts';
import { answerText, dossierOf, paragraphs } from '../display.ts';
import { explanationView } from '../explanations/index.ts';
import { baseFields, choiceField, clientRtField, InvalidSubmission, integerField, numberField, parseForm, schemaFor } from '../forms.ts';
import type { FlowContext, StepModule } from '../context.ts';
import type { TrialPage } from '../pages.ts';
import { storedTrial } from '../stored-trials.ts';

/** Points of the "how sure are you" scale. */
export const CERTAINTY_POINTS = 7;

export const trialStep: StepModule<TrialPage> = {
  view: 'participant/trial',
  async model(ctx, page) {
    const { experiment, tr } = ctx;
    const task = experiment.file.task;
    const trial = page.trial;
    const condition = experiment.conditions.find((c) => c.id === trial.condition);
    const initial = page.phase === 'final' && page.twoStage ? await storedTrial(ctx, page.practice, page.number - 1, 'initial') : null;
    const advice = page.withAdvice && trial.advice ? trial.advice : null;
    const explanation = advice ? explanationView(advice.explanation, { experiment, tr }) : null;
    // Within-subjects: tell the participant when a new block starts, since what accompanies the advice changes.
    const previous = page.practice || page.number < 2 ? null : ctx.plan.trials[page.number - 2];
    const newBlock =
      experiment.file.design.type === 'within' && previous !== null && previous.condition !== trial.condition && page.phase === (page.twoStage ? 'initial' : 'final');
    return {
      numeric: task.type === 'numeric',
      practice: page.practice,
      newBlock,
      explanationIntro: advice && firstShowing(ctx, page) ? tr.t(`explanations.${advice.explanation.type}.intro`) : null,
      number: page.number,
      total: page.total,
      phase: page.phase,
      twoStage: page.twoStage,
      question: tr.text(task.question),
      dossier: dossierOf(experiment, trial.caseId, tr),
      instructed: trial.instructed ? paragraphs(tr.text(trial.instructed.text)) : null,
      initialAnswer: initial ? answerText(experiment, initial.decision, tr) : null,
      advice: advice
        ? {
            recommendation: answerText(experiment, advice.recommendation, tr),
            framing: condition?.framing ? tr.text(condition.framing) : null,
            title: condition?.adviceLabels ? tr.text(condition.adviceLabels.title) : null,
            recommends: condition?.adviceLabels ? tr.text(condition.adviceLabels.recommends) : null,
            statedAccuracy:
              condition?.statedAccuracy !== undefined
                ? tr.number(condition.statedAccuracy, { style: 'percent', maximumFractionDigits: 0 })
                : null,
            explanation,
          }
        : null,
      control:
        task.type === 'numeric'
          ? { type: 'numeric', min: task.min, max: task.max, step: task.step, unit: tr.text(task.unit),
              range: tr.t('trial.numeric_range', { min: tr.number(task.min), max: tr.number(task.max), unit: tr.text(task.unit) }) }
          : { type: 'choice', options: task.labels.map((l, i) => ({ id: `decision-${i}`, value: l.value, text: tr.text(l.text) })) },
      askCertainty: experiment.file.procedure.ask_confidence,
      certaintyPoints: Array.from({ length: CERTAINTY_POINTS }, (_, i) => i + 1),
      timeLimit: !page.practice && condition?.timeLimitS ? condition.timeLimitS : null,
      served: stampServedAt(ctx.secret, ctx.participant.id, page.key, ctx.now),
    };
  },

  /**
   * The decision and the move to the next page in one store call: on MongoDB two round trips (insert, findAndModify).
   * What the move left (the participant, their plan unchanged, and the stored record) serves the next page's GET.
   */
  async accept(ctx, page, body, next) {
    const answer = parseTrialAnswer(ctx, page, body);
    const { moved, participant, record } = await ctx.store.recordTrial(trialRecord(ctx, page, answer), {
      participant: ctx.participant,
      advance: { expected: ctx.participant, next },
    });
    if (!participant) return { kind: 'advance', moved };
    const plan = participant.plan ?? ctx.participant.plan;
    return { kind: 'advance', moved, after: { participant: plan === undefined ? participant : { ...participant, plan }, trial: record } };
  },
};

/**
 * Whether this page is the first of the participant's path where the advice comes with its kind of explanation
 * (practice included): the page then introduces that kind of explanation. `none` has nothing to introduce.
 */
function firstShowing(ctx: FlowContext, page: TrialPage): boolean {
  const type = page.trial.advice?.explanation.type;
  if (!type || type === 'none') return false;
  const first = ctx.pages.find((p) => p.kind === 'trial' && p.withAdvice && p.trial.advice?.explanation.type === type);
  return first === page;
}

export interface TrialAnswer {
  decision: string | number;
  certainty?: number;
  clientRtMs?: number;
  serverRtMs: number;
}

/** Parses a decision form for `page` (also used to compare a repeated submission with the stored answer). */
export function parseTrialAnswer(ctx: FlowContext, page: TrialPage, body: unknown): TrialAnswer {
  const { tr } = ctx;
  const form = parseForm(trialSchema(ctx), body, tr) as { served: string; decision: string | number; certainty?: number; client_rt_ms?: number };
  const servedAt = readServedAt(ctx.secret, ctx.participant.id, page.key, form.served);
  if (servedAt === null) throw new InvalidSubmission([tr.t('errors.stale_form')]);
  return {
    decision: form.decision,
    certainty: form.certainty,
    clientRtMs: form.client_rt_ms,
    serverRtMs: Math.max(0, ctx.now.getTime() - servedAt),
  };
}

/** The decision form of this experiment in this language (the same for every trial page). */
function trialSchema({ experiment, tr }: Pick<FlowContext, 'experiment' | 'tr'>) {
  return schemaFor(experiment, `trial:${tr.lang}`, () => {
    const task = experiment.file.task;
    const decision =
      task.type === 'numeric'
        ? numberField(task.min, task.max, tr.t('errors.number_between', { min: tr.number(task.min), max: tr.number(task.max) }))
        : choiceField(task.labels.map((l) => l.value), tr.t('errors.choose_answer'));
    const certainty = integerField(1, CERTAINTY_POINTS, tr.t('errors.choose_point', { min: 1, max: CERTAINTY_POINTS }));
    return z
      .object({
        ...baseFields,
        served: z.string().max(128),
        decision,
        ...(experiment.file.procedure.ask_confidence ? { certainty } : {}),
        client_rt_ms: clientRtField,
      })
      .strict();
  });
}

export function trialRecord(ctx: FlowContext, page: TrialPage, answer: TrialAnswer): TrialRecord {
  const p = ctx.participant;
  const trial = page.trial;
  const bankCase = ctx.experiment.caseById.get(trial.caseId);
  const truth = trial.instructed ? trial.instructed.expected : (bankCase?.truth ?? '');
  const advice = page.withAdvice && trial.advice ? trial.advice : null;
  return {
    experimentId: p.experimentId,
    configHash: p.configHash,
    participantId: p.id,
    condition: trial.condition,
    trialIndex: page.number - 1,
    practice: page.practice,
    phase: page.phase,
    caseId: trial.caseId,
    truth,
    advice: advice
      ? { recommendation: advice.recommendation, confidence: advice.confidence, explanation: advice.explanation.type, correct: advice.correct }
      : null,
    decision: answer.decision,
    ...(answer.certainty !== undefined ? { confidence: answer.certainty } : {}),
    serverRtMs: answer.serverRtMs,
    ...(answer.clientRtMs !== undefined ? { clientRtMs: answer.clientRtMs } : {}),
    ...(trial.kind === 'attention_case' || trial.kind === 'attention_instructed' ? { attentionCheck: true } : {}),
    createdAt: ctx.now,
  };
}
