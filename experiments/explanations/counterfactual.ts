/** `counterfactual`: what would have to change in the case for the recommendation to flip. */
import { z } from 'zod';
import { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../participant-text.ts';
import { defineExplanation, type ExplanationViewContext } from './explanation-type.ts';
import type { Language } from '../schema.ts';
import {
  bankProfile,
  nearestOtherLabel,
  round,
  roundLikeBank,
  quartilesOfClass,
  sum,
  truthCorrelation,
  typicalOfClass,
  type Contribution,
  type ExplanationInput,
  type Value,
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
  /** Changes to the case, each field with its current and its counterfactual value; empty when no change qualifies. */
  changes: { field: string; from: string | number; to: string | number }[];
  /** The recommendation the model would give after these changes (with no change: the outcome it would move to). */
  alternative: string | number;
  /**
   * Ready-made text per language, shown instead of the list: the case bank's (only when the shown advice is the
   * bank's), or, when no change qualifies, the engine's sentence saying that no single change would flip it.
   */
  text?: { fr?: string; en?: string };
}

/** A change smaller than this many standard deviations of the field (over the bank) is not worth stating. */
export const MATERIAL_CHANGE_SD = 0.5;

/** What the page says when no change qualifies (no ready-made text from the bank). */
const NO_CHANGE: Record<'label' | 'estimate', Record<Language, string>> = {
  label: {
    fr: "Aucune modification d'un seul élément du dossier ne suffirait à faire changer la recommandation de l'IA.",
    en: "No change to a single element of the dossier would be enough to change the AI's recommendation.",
  },
  estimate: {
    fr: "Aucune modification d'un seul élément du dossier ne ferait nettement changer l'estimation de l'IA.",
    en: "No change to a single element of the dossier would markedly change the AI's estimate.",
  },
};

/**
 * The smallest change that flips the recommendation: the factors that support the shown recommendation most are set,
 * one at a time (at most `max_changes`), to a value typical of cases with the alternative outcome (median, else a
 * quartile, rounded as the bank writes the field; most frequent text), until the support they carried outweighs the
 * net support (binary/categorical). A factor is skipped when that change is immaterial: a numeric move below
 * MATERIAL_CHANGE_SD standard deviations of the field (e.g. age 12 -> 13); a field whose typical values differ by less
 * than that between the two outcomes; a move that does not go the way from the shown outcome's typical value to the
 * alternative's (asking for more money to be granted the aid when granted requests are smaller); numeric tasks, a
 * move that does not take back the factor's push, judged by the field's correlation with the truth. When no factor
 * qualifies, `changes` is empty and `text` says that no single change would flip the advice.
 * Alternative: the other label (binary), the label whose typical case is closest (categorical), or for numeric tasks
 * the shown estimate minus the contributions of the changed factors (rounded to the step, inside [min, max]).
 */
export function buildCounterfactual(options: CounterfactualOptions, input: ExplanationInput): CounterfactualContent {
  const { exp, case: c } = input;
  const task = exp.file.task;
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
    const to = materialChange(input, factor, alternativeLabel);
    if (to === undefined) continue;
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
  const bankText = input.fromBank ? input.case.ai.counterfactual : undefined;
  const sayNoChange = changes.length === 0 && !(bankText && Object.keys(bankText).length > 0);
  const text = sayNoChange
    ? Object.fromEntries(exp.file.languages.map((lang) => [lang, NO_CHANGE[numeric ? 'estimate' : 'label'][lang]]))
    : bankText;
  return {
    type: 'counterfactual',
    changes,
    alternative,
    ...(text && Object.keys(text).length > 0 ? { text: { ...text } } : {}),
  };
}

/**
 * The value `key` would take in the counterfactual, or undefined when no such change is material (see
 * `buildCounterfactual`). Text: the alternative outcome's most frequent value. Numbers: the first of the median, the
 * first and the third quartile of the alternative outcome (numeric tasks: of the whole bank) that is material.
 */
function materialChange(input: ExplanationInput, factor: Contribution, alternativeLabel: string | undefined): Value | undefined {
  const key = factor.field;
  const profile = bankProfile(input.exp);
  const from = input.case.values[key];
  const typical = typicalOfClass(profile, alternativeLabel, key);
  if (typical === undefined || from === undefined) return undefined;
  const stats = profile.numeric.get(key);
  if (!stats || typeof typical !== 'number' || typeof from !== 'number') return String(typical) === String(from) ? undefined : typical;
  const shownTypical = alternativeLabel === undefined ? undefined : typicalOfClass(profile, String(input.recommendation), key);
  const material = (to: number) => {
    if (Math.abs(to - from) < MATERIAL_CHANGE_SD * stats.sd) return false;
    if (alternativeLabel === undefined) {
      // Numeric task: the move must take back the factor's push (a higher forecast level does not lower the estimate).
      return (to - from) * truthCorrelation(profile, key) * factor.weight < 0;
    }
    // The way that leads from the shown outcome's typical value to the alternative's, ending nearer the alternative's
    // (a larger amount requested does not turn a refusal into a grant when granted requests are smaller).
    if (typeof shownTypical !== 'number') return true;
    return (to - from) * (typical - shownTypical) > 0 && Math.abs(to - typical) < Math.abs(to - shownTypical);
  };
  // A field whose typical values hardly differ between the two outcomes (age: 13 vs 12 years) cannot flip anything.
  if (typeof shownTypical === 'number' && Math.abs(typical - shownTypical) < MATERIAL_CHANGE_SD * stats.sd) return undefined;
  const candidates = [typical, ...(quartilesOfClass(profile, alternativeLabel, key) ?? [])].map((v) => roundLikeBank(profile, key, v));
  return candidates.find(material);
}

// View model: what views/explanations/counterfactual.ejs shows.

export interface CounterfactualView {
  /** Ready-made text from the case bank when there is one, else `sentence`. */
  text?: string;
  /** "If ... were ... instead of ..., the AI would recommend: ...", or null when no change flips the advice. */
  sentence: string | null;
}

/**
 * View: `counterfactual`: what would have to change in this case for the recommendation to flip, as one sentence
 * "If <factor> were <value> instead of <value in this case>, the AI would recommend: <other answer>."
 */
export function counterfactualView(content: CounterfactualContent, { experiment, tr }: ExplanationViewContext): CounterfactualView {
  const show = (key: string, v: string | number) => {
    const field = fieldByKey(experiment, key);
    return field ? formatFieldValue(experiment, field, v, tr) : String(v);
  };
  const changes = content.changes.map((c) =>
    tr.t('explanations.counterfactual.change', { label: fieldLabel(experiment, c.field, tr), from: show(c.field, c.from), to: show(c.field, c.to) }),
  );
  const ifKey = experiment.file.task.type === 'numeric' ? 'explanations.counterfactual.if_numeric' : 'explanations.counterfactual.if';
  return {
    text: content.text?.[tr.lang],
    sentence:
      changes.length === 0
        ? null
        : tr.t(ifKey, { changes: changes.join(tr.t('explanations.counterfactual.and')), alternative: answerText(experiment, content.alternative, tr) }),
  };
}

export const counterfactualExplanation = defineExplanation({
  type: 'counterfactual',
  schema: counterfactualSchema,
  usesContributions: true,
  build: buildCounterfactual,
  view: counterfactualView,
});
