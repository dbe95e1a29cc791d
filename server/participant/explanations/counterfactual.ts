/**
 * `counterfactual`: what would have to change in this case for the recommendation to flip, as one sentence
 * "If <factor> were <value> instead of <value in this case>, the AI would recommend: <other answer>."
 */
import type { CounterfactualContent } from '../../../experiments/explanations/counterfactual.ts';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../display.ts';
import type { ExplanationViewContext } from './context.ts';

export interface CounterfactualView {
  /** Ready-made text from the case bank when there is one, else `sentence`. */
  text?: string;
  /** "If ... were ... instead of ..., the AI would recommend: ...", or null when no change flips the advice. */
  sentence: string | null;
}

export function counterfactualView(content: CounterfactualContent, { experiment, tr }: ExplanationViewContext): CounterfactualView {
  const show = (key: string, v: string | number) => {
    const field = fieldByKey(experiment, key);
    return field ? formatFieldValue(experiment, field, v, tr) : String(v);
  };
  const changes = content.changes.map((c) =>
    tr.t('explanations.counterfactual.change', { label: fieldLabel(experiment, c.field, tr), from: show(c.field, c.from), to: show(c.field, c.to) }),
  );
  const ifKey = experiment.file.task.type === 'numeric' ? 'explanations.counterfactual.if_numeric' : 'explanations.counterfactual.if';
  return {
    text: content.text?.[tr.lang],
    sentence:
      changes.length === 0
        ? null
        : tr.t(ifKey, { changes: changes.join(tr.t('explanations.counterfactual.and')), alternative: answerText(experiment, content.alternative, tr) }),
  };
}
