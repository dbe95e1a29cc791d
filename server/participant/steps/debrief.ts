/** Debrief: the experiment's debrief text and the completion code. The last page: nothing to submit. */
import { paragraphs } from '../display.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';

export const debriefStep: StepModule<Extract<Page, { kind: 'debrief' }>> = {
  view: 'participant/debrief',
  model(ctx) {
    return {
      paragraphs: paragraphs(ctx.tr.text(ctx.experiment.file.texts.debrief)),
      completionCode: ctx.experiment.file.completion_code,
    };
  },
};
