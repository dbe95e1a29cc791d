/**
 * Consent: the experiment's consent text, its structured information (data controller, legal basis, rights...) with
 * a link to a printable copy, and two buttons. Accepting moves on; declining ends the flow at once and
 * stores only the refusal (status `declined`, one audit event) — no answer of any kind is recorded.
 */
import { z } from 'zod';
import { paragraphs } from '../display.ts';
import { consentInformation } from '../consent-information.ts';
import { baseFields, choiceField, parseForm, schemaFor } from '../forms.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';

export const consentStep: StepModule<Extract<Page, { kind: 'consent' }>> = {
  view: 'participant/consent',
  model(ctx) {
    return {
      paragraphs: paragraphs(ctx.tr.text(ctx.experiment.file.texts.consent)),
      information: consentInformation(ctx.experiment, ctx.tr),
      printPath: `/e/${ctx.experiment.file.id}/information?lang=${ctx.tr.lang}`,
    };
  },
  async accept(ctx, _page, body) {
    const schema = schemaFor(ctx.experiment, `consent:${ctx.tr.lang}`, () =>
      z.object({ ...baseFields, choice: choiceField(['accept', 'decline'], ctx.tr.t('errors.choose_consent')) }).strict(),
    );
    const form = parseForm(schema, body, ctx.tr);
    await ctx.store.appendEvent(ctx.experiment.file.id, {
      type: form.choice === 'accept' ? 'consent_given' : 'consent_declined',
      participantId: ctx.participant.id,
      at: ctx.now,
    });
    return form.choice === 'accept' ? { kind: 'advance' } : { kind: 'end', status: 'declined' };
  },
};
