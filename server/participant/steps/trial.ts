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
import { probeAnswer, probeFields, probeOnPage, probeSchemaKey, trustProbeView, type ProbeAnswer } from '../trust-probe.ts';
import type { TrustProbe } from '../../../experiments/trust-probe.ts';
import { adviceGate } from '../advice-gate.ts';
import { acceptAdviceRequest, isAdviceRequest } from '../advice-request.ts';
import { adviceTimingRecord, refuseEarlyDecision } from '../advice-timing-record.ts';
import { decisionPowerRecord, readDecisionPower, type DecisionPowerAnswer } from '../decision-power/answer.ts';
import { decisionPowerFormShape, hasDecisionPower, hasLastWordAi, type DecisionPowerForm } from '../decision-power/submission.ts';
import { decisionPowerView, justificationPageModel } from '../decision-power/views.ts';

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
    const gate = adviceGate(ctx, page, ctx.since);
    const advice = page.withAdvice && trial.advice && gate.state === 'shown' ? trial.advice : null;
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
      trustProbe: trustProbeView(probeOnPage(ctx, page), tr),
      served: stampServedAt(ctx.secret, ctx.participant.id, page.key, new Date(gate.servedAt)),
      adviceOffer: gate.state === 'offered',
      adviceWait: gate.state === 'waiting' ? { delay: gate.delayS, remaining: gate.remainingS } : null,
      decisionPower: decisionPowerView(ctx, page),
    };
  },

  /**
   * The decision and the move to the next page in one store call: on MongoDB two round trips (insert, findAndModify).
   * What the move left (the participant, their plan unchanged, and the stored record) serves the next page's GET.
   */
  async accept(ctx, page, body, next) {
    if (isAdviceRequest(body)) return acceptAdviceRequest(ctx, page, body);
    const answer = parseTrialAnswer(ctx, page, body);
    refuseEarlyDecision(ctx, page, answer.serverRtMs);
    const justification = answer.power?.justification;
    if (justification?.kind === 'ask') {
      const model = justificationPageModel(ctx, page, answer.decision, justification, body as Record<string, unknown>);
      return { kind: 'page', status: justification.status, view: 'participant/justification', model };
    }
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

export interface TrialAnswer extends ProbeAnswer {
  decision: string | number;
  certainty?: number;
  clientRtMs?: number;
  serverRtMs: number;
  /** Decision-power conditions: who had the last word, the override, its justification. */
  power?: DecisionPowerAnswer | null;
}

/** Parses a decision form for `page` (also used to compare a repeated submission with the stored answer). */
export function parseTrialAnswer(ctx: FlowContext, page: TrialPage, body: unknown): TrialAnswer {
  const { tr } = ctx;
  const form = parseForm(trialSchema(ctx, probeOnPage(ctx, page)), body, tr) as {
    served: string;
    decision: string | number;
    certainty?: number;
    client_rt_ms?: number;
    trust_rating?: number;
    self_confidence_rating?: number;
  } & DecisionPowerForm;
  const servedAt = readServedAt(ctx.secret, ctx.participant.id, page.key, form.served);
  if (servedAt === null) throw new InvalidSubmission([tr.t('errors.stale_form')]);
  const { decision, power } = hasDecisionPower(ctx.experiment) ? readDecisionPower(ctx, page, form) : { decision: form.decision, power: null };
  // With a justification page, the decision was taken when that page was served.
  const decidedAt = power && power.justification.kind !== 'not_needed' ? power.justification.servedAt : ctx.now.getTime();
  return {
    decision,
    certainty: form.certainty,
    clientRtMs: form.client_rt_ms,
    serverRtMs: Math.max(0, decidedAt - servedAt),
    ...probeAnswer(form),
    ...(power ? { power } : {}),
  };
}

/** The decision form of this experiment in this language (the same for every trial page without a trust probe). */
function trialSchema({ experiment, tr }: Pick<FlowContext, 'experiment' | 'tr'>, probe: TrustProbe | null) {
  return schemaFor(experiment, `trial:${tr.lang}${probeSchemaKey(probe)}`, () => {
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
        decision: hasLastWordAi(experiment) ? decision.optional() : decision,
        ...(experiment.file.procedure.ask_confidence ? { certainty } : {}),
        client_rt_ms: clientRtField,
        ...probeFields(probe, tr),
        ...(hasDecisionPower(experiment) ? decisionPowerFormShape(tr) : {}),
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
    ...(answer.trustRating !== undefined ? { trustRating: answer.trustRating } : {}),
    ...(answer.selfConfidenceRating !== undefined ? { selfConfidenceRating: answer.selfConfidenceRating } : {}),
    createdAt: ctx.now,
    ...adviceTimingRecord(ctx, page),
    ...decisionPowerRecord(answer.power),
  };
}
