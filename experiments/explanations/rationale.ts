/** `rationale`: a short plain-language justification of the recommendation (EU AI Act art. 86). */
import { z } from 'zod';
import { defineExplanation, type ExplanationViewContext } from './explanation-type.ts';
import type { Language } from '../schema.ts';
import { formatAmount, formatFieldValue, localized } from '../format-value.ts';
import { caseValueIn } from '../case-text.ts';
import { bankProfile, type ExplanationInput } from './evidence.ts';

export const rationaleSchema = z
  .object({
    type: z.literal('rationale'),
    max_factors: z.number().int().min(1).max(5).default(2).describe('factors cited when the text is generated'),
  })
  .strict();
export type RationaleOptions = z.infer<typeof rationaleSchema>;
export interface RationaleContent {
  type: 'rationale';
  /** The justification per language; it always argues for the recommendation shown. */
  text: { fr?: string; en?: string };
}

/**
 * The case bank's `rationale_<lang>` when the shown recommendation is the bank's; otherwise (and for languages the
 * bank lacks) a sentence from a template naming the recommendation (the task's label text, or the estimate and its
 * unit) and the `max_factors` factors that support it most, with their labels and values formatted by the field's
 * format (format-value.ts); numeric tasks also give each factor's share of the estimate. It therefore always argues
 * for the recommendation shown, right or wrong.
 */
export function buildRationale(options: RationaleOptions, input: ExplanationInput): RationaleContent {
  const { exp, case: c } = input;
  const task = exp.file.task;
  const direction = task.type === 'numeric' ? Math.sign(Number(input.recommendation) - (input.base ?? 0)) || 1 : 1;
  const top = input.contributions
    .map((x, order) => ({ ...x, order, support: x.weight * direction }))
    .filter((x) => x.support > 0)
    .sort((a, b) => b.support - a.support || a.order - b.order)
    .slice(0, options.max_factors);
  const profile = bankProfile(exp);

  const text: RationaleContent['text'] = {};
  for (const lang of exp.file.languages) {
    const ready = input.fromBank ? c.ai.rationale?.[lang] : undefined;
    if (ready) {
      text[lang] = ready;
      continue;
    }
    const w = WORDS[lang];
    const factors = top.map((x) => {
      const field = exp.file.display.fields.find((f) => f.key === x.field);
      const value = c.values[x.field];
      const label = field ? sentenceCase(localized(field.label, lang)) : x.field;
      const shown = value === undefined || value === '' ? '' : field ? formatFieldValue(field, caseValueIn(exp, x.field, value, lang), lang, { signed: profile.numeric.get(x.field)?.signed }) : String(value);
      const share = task.type === 'numeric' ? ` (${formatAmount(x.weight, task.unit, lang, { signed: true })})` : '';
      return `${label}${w.colon}${shown}${share}`;
    });
    let head: string;
    if (task.type === 'numeric') {
      head = `${w.estimate}${w.colon}${formatAmount(Number(input.recommendation), task.unit, lang)}.`;
    } else {
      const label = localized(task.labels.find((l) => l.value === String(input.recommendation))?.text, lang) || String(input.recommendation);
      head = `${w.recommends}${w.colon}${w.open}${label}${w.close}.`;
    }
    const lead = task.type === 'numeric' ? w.weighMost : w.inFavour;
    text[lang] = factors.length === 0 ? head : `${head} ${lead}${w.colon}${factors.join(w.semicolon)}.`;
  }
  return { type: 'rationale', text };
}

/** The words and the punctuation of the generated text; French puts a no-break space before `:` and `;`. */
const WORDS: Record<Language, Record<'colon' | 'semicolon' | 'open' | 'close' | 'recommends' | 'estimate' | 'inFavour' | 'weighMost', string>> = {
  fr: {
    colon: '\u00a0: ',
    semicolon: '\u00a0; ',
    open: '«\u00a0',
    close: '\u00a0»',
    recommends: "L'IA recommande",
    estimate: "Estimation de l'IA",
    inFavour: 'Principaux éléments en faveur',
    weighMost: 'Éléments qui pèsent le plus',
  },
  en: {
    colon: ': ',
    semicolon: '; ',
    open: '“',
    close: '”',
    recommends: 'The AI recommends',
    estimate: "The AI's estimate",
    inFavour: 'Main factors in favour',
    weighMost: 'Factors that weigh most',
  },
};

/** A label inside a sentence: lower-case first letter, unless the label starts with an acronym (URSSAF, CA). */
function sentenceCase(label: string): string {
  const [first, second] = [...label];
  return second !== undefined && second === second.toUpperCase() && second !== second.toLowerCase() ? label : (first ?? '').toLowerCase() + label.slice(first?.length ?? 0);
}

// View model: what views/explanations/rationale.ejs shows.

export interface RationaleView {
  text: string;
}

/** View: `rationale`: the short plain-language justification, in the participant's language. */
export function rationaleView(content: RationaleContent, { tr }: ExplanationViewContext): RationaleView {
  return { text: content.text[tr.lang] ?? content.text.fr ?? content.text.en ?? '' };
}

export const rationaleExplanation = defineExplanation({
  type: 'rationale',
  schema: rationaleSchema,
  usesContributions: true,
  build: buildRationale,
  view: rationaleView,
});
