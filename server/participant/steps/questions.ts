/**
 * A page of generic questions (experiments/questions): single choice (radio group), multiple choice (check boxes),
 * number and short text, each with its label, hint and limits also set as HTML attributes (required, min, max, step,
 * maxlength) so that a browser checks them before sending; the server checks them again (question-answers.ts) and
 * stores one response per answered question, idempotently.
 */
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { questionField, readQuestionAnswers } from '../question-answers.ts';

type QuestionsPage = Extract<Page, { kind: 'questions' }>;

export const questionsStep: StepModule<QuestionsPage> = {
  view: 'participant/questions',
  keepsAnswers: true,
  model(ctx, page) {
    const { tr } = ctx;
    const { questions: p } = page;
    return {
      heading: tr.text(p.title),
      intro: p.intro ? tr.text(p.intro) : null,
      questions: p.questions.map((q, i) => {
        const name = questionField(q);
        const base = { type: q.type, name, id: `${name}-${i}`, text: tr.text(q.text), help: q.help ? tr.text(q.help) : null, required: q.required };
        switch (q.type) {
          case 'single_choice':
            return { ...base, options: q.options.map((o, j) => ({ id: `${name}-${j}`, value: o.value, text: tr.text(o.text) })) };
          case 'multiple_choice': {
            const max = q.max_selections ?? q.options.length;
            const hint = q.min_selections > 0 ? tr.t('questions.choose_between', { min: q.min_selections, max }) : tr.t('questions.choose_at_most', { max });
            return { ...base, hint, min: q.min_selections, max, options: q.options.map((o, j) => ({ id: `${name}-${j}`, value: o.value, text: tr.text(o.text) })) };
          }
          case 'number': {
            const hint = q.step === 1 ? tr.t('questions.number_range', { min: q.min, max: q.max }) : tr.t('questions.number_range_step', { min: q.min, max: q.max, step: q.step });
            const whole = Number.isInteger(q.step) && Number.isInteger(q.min);
            return { ...base, hint, min: q.min, max: q.max, step: q.step, inputMode: whole ? 'numeric' : 'decimal', unit: q.unit ? tr.text(q.unit) : null };
          }
          case 'text':
            return { ...base, hint: tr.t('questions.max_chars', { max: q.max_chars }), maxChars: q.max_chars, multiline: q.multiline };
        }
      }),
    };
  },
  async accept(ctx, page, body) {
    const answers = readQuestionAnswers(page.questions, body, ctx.tr);
    const p = ctx.participant;
    const records = [...answers].flatMap(([item, answer]) =>
      answer === null
        ? []
        : [{
            experimentId: p.experimentId,
            configHash: p.configHash,
            participantId: p.id,
            condition: p.condition,
            scale: page.questions.id,
            item,
            value: answer.value,
            type: answer.type,
            ...(answer.text === undefined ? {} : { text: answer.text }),
            createdAt: ctx.now,
          }],
    );
    await ctx.store.recordResponses(records);
    return { kind: 'advance' };
  },
};
