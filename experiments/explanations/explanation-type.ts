/**
 * What one explanation type declares, in one module under experiments/explanations/: the settings a factor level
 * writes (`schema`, a zod object whose `type` is the type's literal), what it computes from the case (`build`, fed by
 * ./evidence.ts), the view model its template reads (`view`), and the checks of its settings against the rest of the
 * file and the case bank. The template is found by convention: views/explanations/<type with - for _>.ejs (see
 * `templateName`). ./index.ts lists the modules; everything else (the discriminated union of the file's schema,
 * EXPLANATION_TYPES, the build and view dispatch, the checks) is derived from that list.
 *
 * The view model is a pure function of the content, the experiment and a `TextTranslator` (../participant-text.ts):
 * it formats and words, it never reads the store or the request, so it lives with its type without experiments/
 * reaching up into server/. The server only caches views and renders the template.
 */
import type { z } from 'zod';
import type { Case, Experiment } from '../model.ts';
import type { Field, Language, Task } from '../schema.ts';
import type { Problem } from '../problems.ts';
import type { TextTranslator } from '../participant-text.ts';
import type { ExplanationInput } from './evidence.ts';

/** What a view model needs besides its content: field labels and answer texts come from the experiment. */
export interface ExplanationViewContext {
  experiment: Experiment;
  tr: TextTranslator;
}

/**
 * The parts of the experiment file a type's checks may read. Narrower than `ExperimentFile`, whose type is derived
 * from the schema that the modules themselves make up (the full type here would be circular).
 */
export interface ExplanationFileContext {
  languages: readonly Language[];
  task: Task;
  display: { fields: readonly Field[] };
}

export interface ExplanationModule<Schema extends z.ZodObject, Content extends { type: string }, View extends object> {
  /** The `type` the experiment file writes, also the content's `type`. */
  type: z.infer<Schema>['type'];
  /** The settings of a factor level's `explanation`, `type` included. */
  schema: Schema;
  /** Whether `build` reads `input.contributions` (the per-factor evidence is computed only for such types). */
  usesContributions: boolean;
  /** The content of one trial's explanation, stored in the participant's plan: pure and deterministic. */
  build(options: z.infer<Schema>, input: ExplanationInput): Content;
  /** The model of views/explanations/<templateName(type)>.ejs, or null when nothing is shown (`none`). */
  view: ((content: Content, ctx: ExplanationViewContext) => View) | null;
  /** Checks of the settings against the file; paths are relative to the level's `explanation`. */
  checkFile?(options: z.infer<Schema>, file: ExplanationFileContext): Problem[];
  /** Checks of the settings against the case bank; paths are relative to the level's `explanation`. */
  checkCases?(options: z.infer<Schema>, file: ExplanationFileContext, cases: Case[]): Problem[];
  /** What `confiance validate` prints after the type in a condition's line, when the type alone does not say enough. */
  summary?(options: z.infer<Schema>, file: ExplanationFileContext, lang: Language): string;
}

/** Declares an explanation type (the identity, typed: the module's parts are checked against each other). */
export function defineExplanation<Schema extends z.ZodObject, Content extends { type: string }, View extends object>(
  module: ExplanationModule<Schema, Content, View>,
): ExplanationModule<Schema, Content, View> {
  return module;
}

/** The template of a type, under views/explanations/: `feature_importance` -> `feature-importance`. */
export function templateName(type: string): string {
  return type.replaceAll('_', '-');
}
