/**
 * Debrief: the experiment's debrief text, the completion code (the study's, or the participant's own) with the link
 * back to the recruiting platform, the payment and bonus the server computed from the stored decisions, and the
 * reference to quote for an erasure request. Nothing to submit.
 */
import { paragraphs } from '../display.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { endLink } from '../recruitment.ts';
import { participantPayment } from '../../payment/participant-payment.ts';
import { participantReference } from '../../security/participant-codes.ts';

export const debriefStep: StepModule<Extract<Page, { kind: 'debrief' }>> = {
  view: 'participant/debrief',
  async model(ctx) {
    const link = endLink(ctx.experiment, 'completion', ctx.participant.id, ctx.secret);
    const due = await participantPayment(ctx.store, ctx.experiment.file, ctx.participant.id);
    const money = (x: number) => ctx.tr.number(x, { style: 'currency', currency: due?.currency ?? 'EUR' });
    return {
      payment: due
        ? {
            fixed: due.fixed > 0 ? ctx.tr.t('debrief.payment_fixed', { amount: money(due.fixed) }) : null,
            bonus: ctx.experiment.file.payment?.bonus || ctx.experiment.conditions.some((c) => c.bonus)
              ? ctx.tr.t('debrief.payment_bonus', { amount: money(due.bonus), correct: due.correct, decisions: due.decisions })
              : null,
          }
        : null,
      paragraphs: paragraphs(ctx.tr.text(ctx.experiment.file.texts.debrief)),
      completionCode: link?.code ?? ctx.experiment.file.completion_code,
      completionUrl: link?.url ?? null,
      reference: participantReference(ctx.secret, ctx.experiment.file.id, ctx.participant.id),
    };
  },
};
