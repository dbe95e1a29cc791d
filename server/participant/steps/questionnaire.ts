/**
 * Questionnaire: one scale per page, each item a radio group (fieldset + legend) of the scale's marks (1 to `points`,
 * or NASA-TLX's 0 to 100 in steps of 5), the two ends labelled with the scale's anchors or the item's own
 * (Performance: Perfect / Failure). Every item must be answered; answers are stored idempotently per item.
 */
import { z } from 'zod';
import { markValues } from '../../../experiments/scales/index.ts';
import { baseFields, choiceField, parseForm, schemaFor } from '../forms.ts';
import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';

type QuestionnairePage = Extract<Page, { kind: 'questionnaire' }>;

export const questionnaireStep: StepModule<QuestionnairePage> = {
  view: 'participant/questionnaire',
  keepsAnswers: true,
  model(ctx, page) {
    const { scale } = page;
    const { tr } = ctx;
    return {
      heading: tr.text(scale.title),
      low: tr.text(scale.anchors.low),
      high: tr.text(scale.anchors.high),
      items: scale.items.map((item, i) => ({
        name: `item_${item.id}`,
        number: i + 1,
        text: tr.text(item.text),
        low: tr.text(item.anchors?.low ?? scale.anchors.low),
        high: tr.text(item.anchors?.high ?? scale.anchors.high),
      })),
      points: markValues(scale),
    };
  },
  async accept(ctx, page, body) {
    const { scale } = page;
    const schema = schemaFor(ctx.experiment, `questionnaire:${page.when}:${page.stepIndex}:${ctx.tr.lang}`, () => {
      const marks = markValues(scale);
      const message = ctx.tr.t('errors.choose_point', { min: marks[0], max: marks[marks.length - 1] });
      const field = choiceField(marks.map(String), message).transform(Number);
      const shape = Object.fromEntries(scale.items.map((item) => [`item_${item.id}`, field]));
      return z.object({ ...baseFields, ...shape }).strict();
    });
    const form = parseForm(schema, body, ctx.tr) as Record<string, unknown>;
    const p = ctx.participant;
    await ctx.store.recordResponses(
      scale.items.map((item) => ({
        experimentId: p.experimentId,
        configHash: p.configHash,
        participantId: p.id,
        condition: p.condition,
        scale: scale.id,
        item: item.id,
        value: form[`item_${item.id}`] as number,
        createdAt: ctx.now,
      })),
    );
    return { kind: 'advance' };
  },
};
