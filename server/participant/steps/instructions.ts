/** Instructions: the experiment's instructions, what the task asks, and how the session goes. */
import { paragraphs } from '../display.ts';
import { continueSchema, parseForm } from '../forms.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';

export const instructionsStep: StepModule<Extract<Page, { kind: 'instructions' }>> = {
  view: 'participant/instructions',
  model(ctx) {
    const { procedure } = ctx.experiment.file;
    return {
      paragraphs: paragraphs(ctx.tr.text(ctx.experiment.file.texts.instructions)),
      practiceCount: ctx.plan.practice.length,
      trialCount: ctx.plan.trials.length,
      twoStage: procedure.paradigm === 'two_stage',
      numeric: ctx.experiment.file.task.type === 'numeric',
    };
  },
  async accept(ctx, _page, body) {
    parseForm(continueSchema, body, ctx.tr);
    return { kind: 'advance' };
  },
};
