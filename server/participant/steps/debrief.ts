/**
 * Debrief: the experiment's debrief text, the completion code (the study's, or the participant's own) with the link
 * back to the recruiting platform, and the reference to quote for an erasure request. Nothing to submit.
 */
import { paragraphs } from '../display.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { endLink, participantReference } from '../recruitment.ts';

export const debriefStep: StepModule<Extract<Page, { kind: 'debrief' }>> = {
  view: 'participant/debrief',
  model(ctx) {
    const link = endLink(ctx.experiment, 'completion', ctx.participant.id, ctx.secret);
    return {
      paragraphs: paragraphs(ctx.tr.text(ctx.experiment.file.texts.debrief)),
      completionCode: link?.code ?? ctx.experiment.file.completion_code,
      completionUrl: link?.url ?? null,
      reference: participantReference(ctx.secret, ctx.experiment.file.id, ctx.participant.id),
    };
  },
};
