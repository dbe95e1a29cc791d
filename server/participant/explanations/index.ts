/**
 * One view builder per explanation type, each beside its partial in views/explanations/. The content comes from the
 * participant's trial plan (design engine): the page never chooses which explanation to show.
 */
import type { ExplanationContent } from '../../../experiments/explanations/index.ts';
import type { ExplanationViewContext } from './context.ts';
import { confidenceView } from './confidence.ts';
import { featureImportanceView } from './feature-importance.ts';
import { counterfactualView } from './counterfactual.ts';
import { similarCasesView } from './similar-cases.ts';
import { rationaleView } from './rationale.ts';
import { VersionCache } from '../version-cache.ts';

export interface ExplanationView {
  /** Partial under views/explanations/, or null for `none`. */
  partial: string | null;
  model: object;
}

/**
 * Views are kept by their content and language: the content of an advice comes from each participant's plan, but
 * the same (case, explanation) recurs across participants, and building a view (Intl formatting) showed in the
 * trial page's profile. Bounded, since the key comes from plans.
 */
const views = new VersionCache<ExplanationView>(2000);

export function explanationView(content: ExplanationContent, ctx: ExplanationViewContext): ExplanationView {
  return views.get(ctx.experiment, `${ctx.tr.lang}:${JSON.stringify(content)}`, () => buildView(content, ctx));
}

function buildView(content: ExplanationContent, ctx: ExplanationViewContext): ExplanationView {
  switch (content.type) {
    case 'none':
      return { partial: null, model: {} };
    case 'confidence':
      return { partial: 'confidence', model: confidenceView(content, ctx) };
    case 'feature_importance':
      return { partial: 'feature-importance', model: featureImportanceView(content, ctx) };
    case 'counterfactual':
      return { partial: 'counterfactual', model: counterfactualView(content, ctx) };
    case 'similar_cases':
      return { partial: 'similar-cases', model: similarCasesView(content, ctx) };
    case 'rationale':
      return { partial: 'rationale', model: rationaleView(content, ctx) };
  }
}

export type { ExplanationViewContext } from './context.ts';
