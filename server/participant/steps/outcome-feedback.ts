/**
 * Outcome feedback on decision trials (outcome_feedback of the condition; feedback-schedule.ts says where):
 * after a trial, the right answer and whether the participant's final decision and the AI's advice were right; after
 * a block, the participant's accuracy and the AI's over the block's decision trials. Read from the stored records.
 */
import type { TrialRecord } from '../../store/index.ts';
import { answerText } from '../display.ts';
import { continueSchema, parseForm } from '../forms.ts';
import type { FlowContext, StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { isRightAnswer, verdictText } from './feedback.ts';

type OutcomeFeedbackPage = Extract<Page, { kind: 'outcome_feedback' }>;

export const outcomeFeedbackStep: StepModule<OutcomeFeedbackPage> = {
  view: 'participant/outcome-feedback',
  async model(ctx, page) {
    const { experiment, tr } = ctx;
    const wanted = new Set(page.feedback.type === 'block' ? page.feedback.trialIndices : [page.number - 1]);
    const finals = await finalDecisions(ctx, wanted);
    const last = page.number === page.total;
    if (page.feedback.type === 'trial') {
      const record = finals.get(page.number - 1) ?? null;
      const truth = experiment.caseById.get(page.trial.caseId)?.truth ?? '';
      const right = record !== null && isRightAnswer(experiment, record.decision, truth);
      const advice = record?.advice ?? null;
      return {
        heading: tr.t('outcome_feedback.trial_heading', { number: page.number, total: page.total }),
        trial: {
          yourAnswer: record ? answerText(experiment, record.decision, tr) : null,
          expected: answerText(experiment, truth, tr),
          verdict: verdictText(experiment, tr, right),
          ai: advice
            ? { recommendation: answerText(experiment, advice.recommendation, tr), verdict: tr.t(advice.correct ? 'outcome_feedback.ai_right' : 'outcome_feedback.ai_wrong') }
            : null,
        },
        block: null,
        last,
      };
    }
    const records = [...finals.values()];
    const yours = records.filter((r) => isRightAnswer(experiment, r.decision, r.truth)).length;
    const withAdvice = records.filter((r) => r.advice !== null);
    const ai = withAdvice.filter((r) => r.advice!.correct).length;
    const percent = (k: number, n: number) => tr.number(n === 0 ? 0 : k / n, { style: 'percent', maximumFractionDigits: 0 });
    return {
      heading: tr.t('outcome_feedback.block_heading', { from: page.feedback.trialIndices[0] + 1, to: page.number }),
      trial: null,
      block: {
        yours: tr.t('outcome_feedback.block_yours', { right: yours, count: records.length, percent: percent(yours, records.length) }),
        ai: tr.t('outcome_feedback.block_ai', { right: ai, count: withAdvice.length, percent: percent(ai, withAdvice.length) }),
      },
      last,
    };
  },
  async accept(ctx, _page, body) {
    parseForm(continueSchema, body, ctx.tr);
    return { kind: 'advance' };
  },
};

/** The final (or only) decision records of these decision trials, by trial index, in one pass over the participant's trials. */
async function finalDecisions(ctx: Pick<FlowContext, 'store' | 'participant'>, trialIndices: Set<number>): Promise<Map<number, TrialRecord>> {
  const p = ctx.participant;
  const finals = new Map<number, TrialRecord>();
  for await (const record of ctx.store.trials(p.experimentId, { participantId: p.id, practice: false }))
    if (record.phase === 'final' && trialIndices.has(record.trialIndex)) finals.set(record.trialIndex, record);
  return finals;
}
