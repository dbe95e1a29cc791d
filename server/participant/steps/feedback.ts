/** Practice feedback: the participant's answer, the expected answer, and whether they match (in words). */
import { formatAmount } from '../../../experiments/format-value.ts';
import { answerText } from '../display.ts';
import { continueSchema, parseForm } from '../forms.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { storedTrial } from '../stored-trials.ts';

export const feedbackStep: StepModule<Extract<Page, { kind: 'feedback' }>> = {
  view: 'participant/feedback',
  async model(ctx, page) {
    const { experiment, tr } = ctx;
    const record = await storedTrial(ctx, true, page.number - 1, 'final');
    const truth = experiment.caseById.get(page.trial.caseId)?.truth ?? '';
    const task = experiment.file.task;
    const right =
      record !== null &&
      (task.type === 'numeric'
        ? Math.abs(Number(record.decision) - Number(truth)) <= task.correct_within
        : String(record.decision) === String(truth));
    return {
      number: page.number,
      total: page.total,
      yourAnswer: record ? answerText(experiment, record.decision, tr) : null,
      expected: answerText(experiment, truth, tr),
      right,
      verdict:
        task.type === 'numeric' && task.correct_within > 0
          ? tr.t(right ? 'feedback.right_numeric' : 'feedback.wrong_numeric', { tolerance: formatAmount(task.correct_within, task.unit, tr.lang) })
          : tr.t(right ? 'feedback.right' : 'feedback.wrong'),
      last: page.number === page.total,
    };
  },
  async accept(ctx, _page, body) {
    parseForm(continueSchema, body, ctx.tr);
    return { kind: 'advance' };
  },
};
