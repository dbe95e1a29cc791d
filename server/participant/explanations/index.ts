/**
 * The view of a trial's explanation, cached. Each type's view model and template live with its module
 * (experiments/explanations/, dispatched by its registry); the content comes from the participant's trial plan
 * (design engine): the page never chooses which explanation to show.
 */
import { explanationViewOf, type ExplanationContent, type ExplanationView, type ExplanationViewContext } from '../../../experiments/explanations/index.ts';
import { VersionCache } from '../version-cache.ts';

/**
 * Views are kept by their content and language: the content of an advice comes from each participant's plan, but
 * the same (case, explanation) recurs across participants, and building a view (Intl formatting) showed in the
 * trial page's profile. Bounded, since the key comes from plans.
 */
const views = new VersionCache<ExplanationView>(2000);

export function explanationView(content: ExplanationContent, ctx: ExplanationViewContext): ExplanationView {
  return views.get(ctx.experiment, `${ctx.tr.lang}:${JSON.stringify(content)}`, () => explanationViewOf(content, ctx));
}

export type { ExplanationView, ExplanationViewContext } from '../../../experiments/explanations/index.ts';
