/** `similar_cases`: past cases like this one and how they were decided — example-based reasoning familiar to case officers. */
import { z } from 'zod';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../participant-text.ts';
import { defineExplanation, type ExplanationFileContext, type ExplanationViewContext } from './explanation-type.ts';
import type { Case } from '../model.ts';
import type { Problem } from '../problems.ts';
import { bankProfile, caseDistance, sameOutcome, type ExplanationInput } from './evidence.ts';

export const similarCasesSchema = z
  .object({
    type: z.literal('similar_cases'),
    count: z.number().int().min(1).max(10).default(3),
    fields: z.array(z.string()).optional().describe('display fields shown in the table (default: the first 3)'),
  })
  .strict();
export type SimilarCasesOptions = z.infer<typeof similarCasesSchema>;
export interface SimilarCasesContent {
  type: 'similar_cases';
  fields: string[];
  /** Past cases, most similar first, with the decision that was taken on them. */
  cases: { caseId: string; values: Record<string, string | number>; outcome: string | number }[];
}

/**
 * The `count` bank cases nearest to this one (normalised distance over the display fields: |difference| / sd for
 * numbers, 0/1 for text) whose outcome equals the recommendation shown, so that they support it. Numeric tasks:
 * "equal" means within max(correct_within, 10% of the estimate, one step); if too few, the nearest outcomes fill up.
 * The participant's own cases and attention-check cases are never offered. When the shown recommendation is the
 * bank's, the bank's `similar_cases` list comes first (filtered by the same rules). Ties: case bank order.
 */
export function buildSimilarCases(options: SimilarCasesOptions, input: ExplanationInput): SimilarCasesContent {
  const { exp, case: c } = input;
  const task = exp.file.task;
  const profile = bankProfile(exp);
  const shown = input.recommendation;
  const fields = options.fields ?? exp.file.display.fields.slice(0, 3).map((f) => f.key);
  const allKeys = profile.fields.map((f) => f.key);
  const tolerance =
    task.type === 'numeric' ? Math.max(task.correct_within, Math.abs(Number(shown)) * 0.1, task.step) : undefined;
  const eligible = profile.cases.filter((x) => x.id !== c.id && !input.excludedCaseIds.has(x.id));
  const supports = (x: Case) => sameOutcome(exp, x.truth, shown, tolerance);

  const chosen: Case[] = [];
  if (input.fromBank) {
    for (const id of c.ai.similar ?? []) {
      const x = eligible.find((e) => e.id === id);
      if (x && supports(x) && !chosen.includes(x) && chosen.length < options.count) chosen.push(x);
    }
  }
  const byDistance = eligible
    .map((x, order) => ({ x, order, d: caseDistance(profile, c, x, allKeys) }))
    .sort((a, b) => a.d - b.d || a.order - b.order);
  for (const { x } of byDistance) {
    if (chosen.length >= options.count) break;
    if (supports(x) && !chosen.includes(x)) chosen.push(x);
  }
  if (task.type === 'numeric' && chosen.length < options.count) {
    const byOutcome = byDistance
      .filter(({ x }) => !chosen.includes(x))
      .sort((a, b) => Math.abs(Number(a.x.truth) - Number(shown)) - Math.abs(Number(b.x.truth) - Number(shown)) || a.order - b.order);
    for (const { x } of byOutcome.slice(0, options.count - chosen.length)) chosen.push(x);
  }
  return {
    type: 'similar_cases',
    fields,
    cases: chosen.map((x) => ({
      caseId: x.id,
      values: Object.fromEntries(fields.map((k) => [k, x.values[k]])),
      outcome: x.truth,
    })),
  };
}

/** Each of `fields` is a display field. */
function checkSimilarCasesFields(options: SimilarCasesOptions, file: ExplanationFileContext): Problem[] {
  const keys = file.display.fields.map((f) => f.key);
  return (options.fields ?? []).flatMap((field, i) =>
    keys.includes(field) ? [] : [{ path: ['fields', i], message: `unknown display field "${field}" (fields: ${keys.join(', ')})` }],
  );
}

// View model: what views/explanations/similar-cases.ejs shows.

export interface SimilarCasesView {
  headers: string[];
  /** Cells in header order; the last one is the decision taken. */
  rows: string[][];
}

/** View: `similar_cases`: a small table of past cases like this one and how they were decided. */
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

export const similarCasesExplanation = defineExplanation({
  type: 'similar_cases',
  schema: similarCasesSchema,
  usesContributions: false,
  build: buildSimilarCases,
  view: similarCasesView,
  checkFile: checkSimilarCasesFields,
});
