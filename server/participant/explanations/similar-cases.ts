/** `similar_cases`: a small table of past cases like this one and how they were decided. */
import type { SimilarCasesContent } from '../../../experiments/explanations/similar-cases.ts';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../display.ts';
import type { ExplanationViewContext } from './context.ts';

export interface SimilarCasesView {
  headers: string[];
  /** Cells in header order; the last one is the decision taken. */
  rows: string[][];
}

export function similarCasesView(content: SimilarCasesContent, { experiment, tr }: ExplanationViewContext): SimilarCasesView {
  return {
    headers: content.fields.map((key) => fieldLabel(experiment, key, tr)),
    rows: content.cases.map((c) => [
      ...content.fields.map((key) => {
        const field = fieldByKey(experiment, key);
        const v = c.values[key];
        return field ? formatFieldValue(experiment, field, v, tr) : String(v ?? '');
      }),
      answerText(experiment, c.outcome, tr),
    ]),
  };
}
