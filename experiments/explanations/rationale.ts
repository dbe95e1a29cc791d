/** `rationale`: a short plain-language justification of the recommendation (EU AI Act art. 86). */
import { z } from 'zod';
import type { Language } from '../schema.ts';
import { formatValue, type ExplanationInput } from './evidence.ts';

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

type Localized = { fr?: string; en?: string };
const pick = (text: Localized | undefined, lang: Language): string => text?.[lang] ?? text?.fr ?? text?.en ?? '';

/**
 * The case bank's `rationale_<lang>` when the shown recommendation is the bank's; otherwise (and for languages the
 * bank lacks) a sentence from a template naming the recommendation (the task's label text, or the estimate and its
 * unit) and the `max_factors` factors that support it most, with their labels and values. It therefore always argues
 * for the recommendation shown, right or wrong.
 */
export function buildRationale(options: RationaleOptions, input: ExplanationInput): RationaleContent {
  const { exp, case: c } = input;
  const task = exp.file.task;
  const numeric = task.type === 'numeric';
  const direction = numeric ? Math.sign(Number(input.recommendation) - (input.base ?? 0)) || 1 : 1;
  const top = input.contributions
    .map((x, order) => ({ ...x, order, support: x.weight * direction }))
    .filter((x) => x.support > 0)
    .sort((a, b) => b.support - a.support || a.order - b.order)
    .slice(0, options.max_factors);

  const text: Localized = {};
  for (const lang of exp.file.languages) {
    const ready = input.fromBank ? c.ai.rationale?.[lang] : undefined;
    if (ready) {
      text[lang] = ready;
      continue;
    }
    const factors = top.map((x) => {
      const field = exp.file.display.fields.find((f) => f.key === x.field);
      const value = c.values[x.field];
      const unit = field?.unit ? ` ${pick(field.unit, lang)}` : '';
      const label = pick(field?.label, lang) || x.field;
      return `${label}${lang === 'fr' ? ' : ' : ': '}${value === undefined ? '' : formatValue(value, lang)}${unit}`;
    });
    const list = factors.join(lang === 'fr' ? ' ; ' : '; ');
    let head: string;
    if (task.type === 'numeric') {
      const estimate = `${formatValue(Number(input.recommendation), lang)} ${pick(task.unit, lang)}`;
      head = lang === 'fr' ? `L'IA estime ${estimate}.` : `The AI estimates ${estimate}.`;
    } else {
      const label = pick(task.labels.find((l) => l.value === String(input.recommendation))?.text, lang) || String(input.recommendation);
      head = lang === 'fr' ? `L'IA recommande : « ${label} ».` : `The AI recommends: "${label}".`;
    }
    const reasons =
      factors.length === 0
        ? ''
        : lang === 'fr'
          ? ` ${numeric ? 'Éléments qui pèsent le plus' : 'Principaux éléments en faveur'} : ${list}.`
          : ` ${numeric ? 'Factors that weigh most' : 'Main factors in favour'}: ${list}.`;
    text[lang] = head + reasons;
  }
  return { type: 'rationale', text };
}
