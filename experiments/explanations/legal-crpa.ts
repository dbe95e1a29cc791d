/**
 * `legal_crpa`: the information French law entitles a person to when an individual decision is taken on the basis of
 * an algorithmic processing, Code des relations entre le public et l'administration, article R311-3-1-2:
 *   1° the degree and the mode of contribution of the processing to the decision;
 *   2° the data processed and their sources;
 *   3° the processing parameters and, where relevant, their weighting, applied to the person's situation;
 *   4° the operations carried out by the processing.
 * Built from the file (1, the sources of 2, 4) and from the case (the values of 2; 3 is feature_importance's content
 * over every parameter, with each one's share of the weighting). Like every type, it argues for the advice shown and
 * never carries the truth.
 */
import { z } from 'zod';
import type { Case } from '../model.ts';
import type { Language } from '../schema.ts';
import type { Problem } from '../problems.ts';
import { localizedSchema, type Localized } from '../localized.ts';
import { fieldByKey, fieldLabel, formatFieldValue, type TextTranslator } from '../participant-text.ts';
import { defineExplanation, type ExplanationFileContext, type ExplanationViewContext } from './explanation-type.ts';
import type { ExplanationInput } from './evidence.ts';
import {
  buildFeatureImportance,
  checkContributionsDerivable,
  featureImportanceView,
  type FeatureImportanceContent,
} from './feature-importance.ts';

export const CONTRIBUTION_MODES = ['advisory', 'decisive'] as const;
export type ContributionMode = (typeof CONTRIBUTION_MODES)[number];

export const legalCrpaSchema = z
  .object({
    type: z.literal('legal_crpa'),
    contribution: z
      .enum(CONTRIBUTION_MODES)
      .default('advisory')
      .describe('1° mode of contribution: advisory (an agent decides with the advice) or decisive (the proposal applies unless an agent changes it)'),
    contribution_text: localizedSchema.optional().describe('1° the sentence shown instead of the default one of the mode'),
    sources: z
      .record(z.string(), localizedSchema)
      .optional()
      .describe('2° the source of each display field, by field key (a field without one: "the file of the person concerned")'),
    operations: z
      .array(localizedSchema)
      .min(1)
      .max(12)
      .optional()
      .describe('4° the operations carried out, in order (default: the four steps of the advice engine)'),
  })
  .strict();
export type LegalCrpaOptions = z.infer<typeof legalCrpaSchema>;

export interface LegalCrpaContent {
  type: 'legal_crpa';
  /** 1° */
  contribution: ContributionMode;
  contributionText?: Localized;
  /** 2° every display field, in display order, with this case's value and its source when the file names one. */
  data: { field: string; value?: string | number; source?: Localized }[];
  /** 3° every parameter with its value and weight, largest |weight| first (feature_importance's content). */
  parameters: Omit<FeatureImportanceContent, 'type'>;
  /** 4° the file's operations, when it lists them (else the default steps). */
  operations?: Localized[];
}

/** 1°, 2° and 4° from the file, the values of 2° from the case, 3° as feature_importance over every parameter. */
export function buildLegalCrpa(options: LegalCrpaOptions, input: ExplanationInput): LegalCrpaContent {
  const { type: _type, ...parameters } = buildFeatureImportance(
    { type: 'feature_importance', top: Math.max(1, input.contributions.length), show_values: true },
    input,
  );
  return {
    type: 'legal_crpa',
    contribution: options.contribution,
    ...(options.contribution_text ? { contributionText: options.contribution_text } : {}),
    data: input.exp.file.display.fields.map((f) => {
      const value = input.case.values[f.key];
      const source = options.sources?.[f.key];
      return { field: f.key, ...(value !== undefined ? { value } : {}), ...(source ? { source } : {}) };
    }),
    parameters,
    ...(options.operations ? { operations: options.operations } : {}),
  };
}

/** Every key of `sources` is a display field. */
function checkSources(options: LegalCrpaOptions, file: ExplanationFileContext): Problem[] {
  const keys = file.display.fields.map((f) => f.key);
  return Object.keys(options.sources ?? {})
    .filter((key) => !keys.includes(key))
    .map((key) => ({ path: ['sources', key], atKey: true, message: `unknown display field "${key}" (fields: ${keys.join(', ')})` }));
}

const SUMMARY_WORDS: Record<Language, Record<'text' | 'sources' | 'operations' | 'fromFile' | 'byDefault', string>> = {
  en: { text: 'own text', sources: 'sources named for', operations: 'operations', fromFile: 'from the file', byDefault: 'by default' },
  fr: { text: 'texte propre', sources: 'sources nommées pour', operations: 'opérations', fromFile: 'du fichier', byDefault: 'par défaut' },
};

/** `advisory; sources named for 2/3; 4 operations by default`: what the file says of parts 1°, 2° and 4°. */
function summarize(options: LegalCrpaOptions, file: ExplanationFileContext, lang: Language): string {
  const w = SUMMARY_WORDS[lang];
  const named = Object.keys(options.sources ?? {}).length;
  const operations = options.operations ? `${options.operations.length} ${w.operations} ${w.fromFile}` : `${DEFAULT_OPERATIONS.length} ${w.operations} ${w.byDefault}`;
  const contribution = options.contribution_text ? `${options.contribution}, ${w.text}` : options.contribution;
  return `${contribution}; ${w.sources} ${named}/${file.display.fields.length}; ${operations}`;
}

// View model: what views/explanations/legal-crpa.ejs shows.

export interface LegalCrpaParameter {
  label: string;
  /** This case's value. */
  value?: string;
  /** The signed weight with its unit: `+0,98`, `+91 ménages`. */
  weight: string;
  /** In words, never by colour alone: "pour la recommandation", "(fait baisser l'estimation)". */
  direction: string;
  /** The parameter's share of the weighting, |weight| / sum of |weights|: `35 %`. */
  share: string;
}

export interface LegalCrpaView {
  /** 1° */
  contribution: string;
  /** 2° */
  data: { label: string; value: string; source: string }[];
  /** 3° what the weights are measured in, the rows, and the lines that make them add up. */
  parametersNote: string;
  parameters: LegalCrpaParameter[];
  parametersSummary: string[];
  /** 4° */
  operations: string[];
}

const KEY = 'explanations.legal_crpa';
/** The default operations; the third differs on numeric tasks (an estimate is a sum, a label a side of the balance). */
const DEFAULT_OPERATIONS = ['operation_read', 'operation_weigh', 'operation_add', 'operation_show'] as const;

/** View: the four parts of the article, each under its own heading, every value in words. */
export function legalCrpaView(content: LegalCrpaContent, ctx: ExplanationViewContext): LegalCrpaView {
  const { experiment, tr } = ctx;
  const numeric = experiment.file.task.type === 'numeric';
  const fi = featureImportanceView({ type: 'feature_importance', ...content.parameters }, ctx);
  const total = content.parameters.factors.reduce((s, f) => s + Math.abs(f.weight), 0) + Math.abs(content.parameters.others ?? 0);
  return {
    contribution: content.contributionText ? tr.text(content.contributionText) : tr.t(`${KEY}.contribution_${content.contribution}`),
    data: content.data.map((d) => {
      const field = fieldByKey(experiment, d.field);
      return {
        label: fieldLabel(experiment, d.field, tr),
        value: field ? formatFieldValue(experiment, field, d.value, tr) : String(d.value ?? ''),
        source: d.source ? tr.text(d.source) : tr.t(`${KEY}.default_source`),
      };
    }),
    parametersNote: fi.unitNote,
    parameters: fi.bars.map((bar, i) => ({
      label: bar.label,
      ...(bar.caseValue !== undefined ? { value: bar.caseValue } : {}),
      weight: bar.weight,
      direction: bar.direction,
      share: percent(total > 0 ? Math.abs(content.parameters.factors[i].weight) / total : 0, tr),
    })),
    parametersSummary: fi.summary,
    operations: content.operations
      ? content.operations.map((o) => tr.text(o))
      : DEFAULT_OPERATIONS.map((op) => tr.t(`${KEY}.${op}${op === 'operation_add' && numeric ? '_numeric' : ''}`)),
  };
}

/** A share as a whole percentage (`35 %`), `< 1 %` for a weight that rounds to nothing but is not nothing. */
function percent(share: number, tr: TextTranslator): string {
  if (share > 0 && share < 0.005) return tr.t(`${KEY}.share_below_one`);
  return tr.number(share, { style: 'percent', maximumFractionDigits: 0 });
}

export const legalCrpaExplanation = defineExplanation({
  type: 'legal_crpa',
  schema: legalCrpaSchema,
  usesContributions: true,
  build: buildLegalCrpa,
  view: legalCrpaView,
  checkFile: checkSources,
  checkCases: (_options: LegalCrpaOptions, file: ExplanationFileContext, cases: Case[]) => checkContributionsDerivable('legal_crpa', file, cases),
  summary: summarize,
});
