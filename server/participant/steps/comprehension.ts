/**
 * Comprehension check, after the instructions (procedure.comprehension): one radio group per question. All right:
 * on to the practice. Some wrong, attempts left: the page again, saying how many answers were wrong (not which) and
 * how many tries remain, with the instructions recalled. The last attempt wrong: the participant is screened out
 * (status `screened_out`, the recruitment's screen-out code). Each outcome is stored with the participant and an
 * audit event, so the analysis and the monitoring count them per condition.
 */
import { z } from 'zod';
import { paragraphs } from '../display.ts';
import { baseFields, choiceField, parseForm, schemaFor } from '../forms.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';

type ComprehensionPage = Extract<Page, { kind: 'comprehension' }>;

export const comprehensionStep: StepModule<ComprehensionPage> = {
  view: 'participant/comprehension',
  model(ctx) {
    const { tr } = ctx;
    const check = ctx.experiment.file.procedure.comprehension!;
    const failed = ctx.participant.comprehension?.attempts ?? 0;
    return {
      instructions: failed > 0 ? paragraphs(tr.text(ctx.experiment.file.texts.instructions)) : [],
      retry: failed > 0 ? tr.t(check.attempts - failed === 1 ? 'comprehension.last_try' : 'comprehension.retry', { left: check.attempts - failed }) : null,
      questions: check.questions.map((q) => ({
        name: `q_${q.id}`,
        text: tr.text(q.text),
        options: q.options.map((o, i) => ({ id: `q_${q.id}-${i}`, value: o.value, text: tr.text(o.text) })),
      })),
    };
  },
  async accept(ctx, page, body) {
    const check = ctx.experiment.file.procedure.comprehension!;
    const schema = schemaFor(ctx.experiment, `comprehension:${ctx.tr.lang}`, () =>
      z
        .object({
          ...baseFields,
          ...Object.fromEntries(check.questions.map((q) => [`q_${q.id}`, choiceField(q.options.map((o) => o.value), ctx.tr.t('errors.choose_answer'))])),
        })
        .strict(),
    );
    const form = parseForm(schema, body, ctx.tr) as Record<string, string>;
    const wrong = check.questions.filter((q) => form[`q_${q.id}`] !== q.correct).length;
    const before = ctx.participant.comprehension?.attempts ?? 0;
    const attempts = wrong === 0 ? before : before + 1;
    await ctx.store.recordComprehension(ctx.participant.id, page, { attempts, passed: wrong === 0 });
    const type = wrong === 0 ? 'comprehension_passed' : attempts >= check.attempts ? 'comprehension_screened_out' : 'comprehension_failed';
    await ctx.store.appendEvent(ctx.experiment.file.id, { type, participantId: ctx.participant.id, at: ctx.now });
    if (wrong === 0) return { kind: 'advance' };
    return attempts >= check.attempts ? { kind: 'end', status: 'screened_out' } : { kind: 'stay' };
  },
};
