/**
 * The explanation types. Adding one means: a module here (options schema + content type + its `build...` function,
 * fed by ./evidence.ts), one case in `buildExplanation` (experiments/advice.ts), and its partial in views/explanations/.
 */
import { z } from 'zod';
import { noneSchema, type NoneContent } from './none.ts';
import { confidenceSchema, type ConfidenceContent } from './confidence.ts';
import { featureImportanceSchema, type FeatureImportanceContent } from './feature-importance.ts';
import { counterfactualSchema, type CounterfactualContent } from './counterfactual.ts';
import { similarCasesSchema, type SimilarCasesContent } from './similar-cases.ts';
import { rationaleSchema, type RationaleContent } from './rationale.ts';

export const explanationSchema = z.discriminatedUnion('type', [
  noneSchema,
  confidenceSchema,
  featureImportanceSchema,
  counterfactualSchema,
  similarCasesSchema,
  rationaleSchema,
]);
export type ExplanationOptions = z.infer<typeof explanationSchema>;
export type ExplanationType = ExplanationOptions['type'];
export const EXPLANATION_TYPES: readonly ExplanationType[] = [
  'none',
  'confidence',
  'feature_importance',
  'counterfactual',
  'similar_cases',
  'rationale',
];

export type ExplanationContent =
  | NoneContent
  | ConfidenceContent
  | FeatureImportanceContent
  | CounterfactualContent
  | SimilarCasesContent
  | RationaleContent;
