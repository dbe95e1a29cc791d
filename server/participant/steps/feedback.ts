/** Practice feedback: the participant's answer, the expected answer, and whether they match (in words). */
import { formatAmount } from '../../../experiments/format-value.ts';
import type { Experiment } from '../../../experiments/model.ts';
import type { Translator } from '../../i18n.ts';
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
    const right = record !== null && isRightAnswer(experiment, record.decision, truth);
    return {
      number: page.number,
      total: page.total,
      yourAnswer: record ? answerText(experiment, record.decision, tr) : null,
      expected: answerText(experiment, truth, tr),
      right,
      verdict: verdictText(experiment, tr, right),
      last: page.number === page.total,
    };
  },
  async accept(ctx, _page, body) {
    parseForm(continueSchema, body, ctx.tr);
    return { kind: 'advance' };
  },
};

/** Whether an answer counts as right: the same label, or a number within the task's correct_within of the truth. */
export function isRightAnswer(experiment: Experiment, answer: string | number, truth: string | number): boolean {
  const task = experiment.file.task;
  return task.type === 'numeric' ? Math.abs(Number(answer) - Number(truth)) <= task.correct_within : String(answer) === String(truth);
}

/** "Your answer is right." / "... is not the expected one." (with the tolerance for numeric tasks that have one). */
export function verdictText(experiment: Experiment, tr: Translator, right: boolean): string {
  const task = experiment.file.task;
  return task.type === 'numeric' && task.correct_within > 0
    ? tr.t(right ? 'feedback.right_numeric' : 'feedback.wrong_numeric', { tolerance: formatAmount(task.correct_within, task.unit, tr.lang) })
    : tr.t(right ? 'feedback.right' : 'feedback.wrong');
}
