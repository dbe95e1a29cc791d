/** `counterfactual`: what would have to change in this case for the recommendation to flip, as sentences. */
import type { CounterfactualContent } from '../../../experiments/explanations/counterfactual.ts';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../display.ts';
import type { ExplanationViewContext } from './context.ts';

export interface CounterfactualView {
  /** Ready-made text from the case bank when there is one, else one sentence per change. */
  text?: string;
  changes: { label: string; from: string; to: string }[];
  alternative: string;
  /** Locale key of the closing sentence: "l'IA recommanderait", or "l'IA estimerait" on a numeric task. */
  thenKey: string;
}

export function counterfactualView(content: CounterfactualContent, { experiment, tr }: ExplanationViewContext): CounterfactualView {
  const show = (key: string, v: string | number) => {
    const field = fieldByKey(experiment, key);
    return field ? formatFieldValue(field, v, tr) : String(v);
  };
  return {
    text: content.text?.[tr.lang],
    changes: content.changes.map((c) => ({ label: fieldLabel(experiment, c.field, tr), from: show(c.field, c.from), to: show(c.field, c.to) })),
    alternative: answerText(experiment, content.alternative, tr),
    thenKey: experiment.file.task.type === 'numeric' ? 'explanations.counterfactual.then_numeric' : 'explanations.counterfactual.then',
  };
}
