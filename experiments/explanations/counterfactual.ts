/** `counterfactual`: what would have to change in the case for the recommendation to flip. */
import { z } from 'zod';
import {
  bankProfile,
  displayNumber,
  nearestOtherLabel,
  round,
  sum,
  typicalOfClass,
  type ExplanationInput,
} from './evidence.ts';

export const counterfactualSchema = z
  .object({
    type: z.literal('counterfactual'),
    max_changes: z.number().int().min(1).max(3).default(1),
  })
  .strict();
export type CounterfactualOptions = z.infer<typeof counterfactualSchema>;
export interface CounterfactualContent {
  type: 'counterfactual';
  /** Changes to the case, each field with its current and its counterfactual value. */
  changes: { field: string; from: string | number; to: string | number }[];
  /** The recommendation the model would give after these changes. */
  alternative: string | number;
  /** Optional ready-made text per language from the case bank (used only when it argues for the shown advice). */
  text?: { fr?: string; en?: string };
}

/**
 * The smallest change that flips the recommendation: the factors that support the shown recommendation most are set,
 * one at a time (at most `max_changes`), to the value typical of cases with the alternative outcome (median or most
 * frequent value), until the support they carried outweighs the net support (binary/categorical).
 * Alternative: the other label (binary), the label whose typical case is closest (categorical), or for numeric tasks
 * the shown estimate minus the contributions of the changed factors (rounded to the step, inside [min, max]).
 */
export function buildCounterfactual(options: CounterfactualOptions, input: ExplanationInput): CounterfactualContent {
  const { exp, case: c } = input;
  const task = exp.file.task;
  const profile = bankProfile(exp);
  const shown = input.recommendation;
  const numeric = task.type === 'numeric';
  const alternativeLabel = numeric ? undefined : nearestOtherLabel(exp, c, String(shown));
  // Numeric: the factors pushing the estimate away from the base the most; else those supporting the label most.
  const direction = numeric ? Math.sign(Number(shown) - (input.base ?? 0)) || 1 : 1;
  const supporting = input.contributions
    .map((x, order) => ({ ...x, order, support: x.weight * direction }))
    .filter((x) => x.support > 0)
    .sort((a, b) => b.support - a.support || a.order - b.order);
  const net = sum(input.contributions.map((x) => x.weight * direction));

  const changes: CounterfactualContent['changes'] = [];
  let removed = 0;
  let delta = 0;
  for (const factor of supporting) {
    if (changes.length >= options.max_changes || (!numeric && removed >= net)) break;
    const from = c.values[factor.field];
    const typical = typicalOfClass(profile, alternativeLabel, factor.field);
    if (typical === undefined) continue;
    const field = profile.fields.find((f) => f.key === factor.field);
    const to = typeof typical === 'number' ? displayNumber(field, typical) : typical;
    if (String(to) === String(from)) continue;
    changes.push({ field: factor.field, from, to });
    removed += factor.support;
    delta += factor.weight;
  }

  let alternative: string | number;
  if (task.type === 'numeric') {
    const raw = Number(shown) - delta;
    const stepped = task.min + Math.round((raw - task.min) / task.step) * task.step;
    alternative = round(Math.min(task.max, Math.max(task.min, stepped)), 6);
  } else {
    alternative = alternativeLabel ?? String(shown);
  }
  const text = input.fromBank ? input.case.ai.counterfactual : undefined;
  return {
    type: 'counterfactual',
    changes,
    alternative,
    ...(text && Object.keys(text).length > 0 ? { text: { ...text } } : {}),
  };
}
