/** `rationale`: the short plain-language justification, in the participant's language. */
import type { RationaleContent } from '../../../experiments/explanations/rationale.ts';
import type { ExplanationViewContext } from './context.ts';

export interface RationaleView {
  text: string;
}

export function rationaleView(content: RationaleContent, { tr }: ExplanationViewContext): RationaleView {
  return { text: content.text[tr.lang] ?? content.text.fr ?? content.text.en ?? '' };
}
