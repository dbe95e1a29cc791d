/**
 * The registry of explanation types: one module per type (./explanation-type.ts says what a module declares), listed
 * once in EXPLANATIONS. The file's schema (a discriminated union on `type`), EXPLANATION_TYPES, the content union,
 * and the build, view and check dispatch are all derived from this list. Adding a type: write its module, add it
 * here, write views/explanations/<type with - for _>.ejs and its `explanations.<type>` texts in views/locales
 * (docs/EXPLANATIONS.md, "Adding an explanation type").
 */
import { z } from 'zod';
import type { Case } from '../model.ts';
import type { ExperimentFile, Language } from '../schema.ts';
import type { PathSegment, Problem } from '../problems.ts';
import type { ExplanationInput } from './evidence.ts';
import { templateName, type ExplanationViewContext } from './explanation-type.ts';
import { noneExplanation } from './none.ts';
import { confidenceExplanation } from './confidence.ts';
import { featureImportanceExplanation } from './feature-importance.ts';
import { counterfactualExplanation } from './counterfactual.ts';
import { similarCasesExplanation } from './similar-cases.ts';
import { rationaleExplanation } from './rationale.ts';
import { legalCrpaExplanation } from './legal-crpa.ts';

/** Every explanation type, in the order the documentation and the JSON Schema list them. */
export const EXPLANATIONS = [
  noneExplanation,
  confidenceExplanation,
  featureImportanceExplanation,
  counterfactualExplanation,
  similarCasesExplanation,
  rationaleExplanation,
  legalCrpaExplanation,
] as const;

type Registered = (typeof EXPLANATIONS)[number];
type SchemasOf<T extends readonly Registered[]> = { [K in keyof T]: T[K]['schema'] };

export const explanationSchema = z.discriminatedUnion(
  'type',
  // The mapped tuple type keeps each member's schema; `map` alone would widen it to an array of the union.
  EXPLANATIONS.map((m) => m.schema) as unknown as SchemasOf<typeof EXPLANATIONS>,
);
export type ExplanationOptions = z.infer<typeof explanationSchema>;
export type ExplanationType = ExplanationOptions['type'];
export const EXPLANATION_TYPES: readonly ExplanationType[] = EXPLANATIONS.map((m) => m.type);
/** The content of one trial's explanation, stored in the plan: the union of what the modules build. */
export type ExplanationContent = ReturnType<Registered['build']>;

/**
 * A module with its types erased to the unions: each module handles exactly the options and content whose `type` is
 * its own, and `moduleOf` pairs them by that literal, which TypeScript cannot correlate across a union by itself.
 */
interface AnyExplanation {
  type: ExplanationType;
  usesContributions: boolean;
  build(options: ExplanationOptions, input: ExplanationInput): ExplanationContent;
  view: ((content: ExplanationContent, ctx: ExplanationViewContext) => object) | null;
  checkFile?(options: ExplanationOptions, file: ExperimentFile): Problem[];
  checkCases?(options: ExplanationOptions, file: ExperimentFile, cases: Case[]): Problem[];
  summary?(options: ExplanationOptions, file: ExperimentFile, lang: Language): string;
}

const BY_TYPE = new Map<string, AnyExplanation>(EXPLANATIONS.map((m) => [m.type, m as unknown as AnyExplanation]));

function moduleOf(type: ExplanationType): AnyExplanation {
  const module = BY_TYPE.get(type);
  if (!module) throw new Error(`unknown explanation type "${type}" (the schema admits only ${EXPLANATION_TYPES.join(', ')})`);
  return module;
}

/** Whether the type's content is built from the per-factor contributions (./evidence.ts `contributionsFor`). */
export function usesContributions(type: ExplanationType): boolean {
  return moduleOf(type).usesContributions;
}

/** The explanation content of one trial, by the module of its type. */
export function buildExplanation(options: ExplanationOptions, input: ExplanationInput): ExplanationContent {
  return moduleOf(options.type).build(options, input);
}

export interface ExplanationView {
  /** The template under views/explanations/ (named from the type), or null when nothing is shown (`none`). */
  partial: string | null;
  model: object;
}

/** The view of one explanation: its type's template and the model that template reads. */
export function explanationViewOf(content: ExplanationContent, ctx: ExplanationViewContext): ExplanationView {
  const view = moduleOf(content.type).view;
  return view ? { partial: templateName(content.type), model: view(content, ctx) } : { partial: null, model: {} };
}

/** A condition's explanation in `confiance validate`'s summary: the type, and what its module adds in brackets. */
export function explanationSummary(options: ExplanationOptions, file: ExperimentFile, lang: Language): string {
  const details = moduleOf(options.type).summary?.(options, file, lang);
  return details ? `${options.type} (${details})` : options.type;
}

/** Each factor level's explanation settings, with the path of its `explanation` in the file. */
function explanationSettings(file: ExperimentFile): { options: ExplanationOptions; path: PathSegment[] }[] {
  return Object.entries(file.factors).flatMap(([factor, def]) =>
    Object.entries(def.levels).flatMap(([level, settings]) =>
      settings.explanation ? [{ options: settings.explanation, path: ['factors', factor, 'levels', level, 'explanation'] }] : [],
    ),
  );
}

/** Every level's explanation settings checked by its type against the file (paths made absolute). */
export function checkExplanationsAgainstFile(file: ExperimentFile): Problem[] {
  return explanationSettings(file).flatMap(({ options, path }) =>
    (moduleOf(options.type).checkFile?.(options, file) ?? []).map((p) => ({ ...p, path: [...path, ...p.path] })),
  );
}

/** Every level's explanation settings checked by its type against the case bank (paths made absolute). */
export function checkExplanationsAgainstCases(file: ExperimentFile, cases: Case[]): Problem[] {
  return explanationSettings(file).flatMap(({ options, path }) =>
    (moduleOf(options.type).checkCases?.(options, file, cases) ?? []).map((p) => ({ ...p, path: [...path, ...p.path] })),
  );
}

export type { ExplanationViewContext } from './explanation-type.ts';
