/**
 * A page of generic questions as a bot reads and answers it: each question's wrapper carries its type, field name and
 * limits (`data-question-type`, `data-name`, `data-min`, `data-max`, `data-step`, `data-required`, as the template
 * writes them), the options are the form's radio buttons or check boxes of that name. The answers are plausible and
 * always valid: an optional question is skipped 15% of the time, a choice drawn uniformly, a multiple choice ticks
 * between its limits, a number on the step grid, a text a short comment in the page's language within its length.
 */
import type { Rng } from '../../experiments/random.ts';
import { attributes, type HtmlForm } from './html-form.ts';

export interface QuestionSeen {
  type: 'single_choice' | 'multiple_choice' | 'number' | 'text';
  name: string;
  required: boolean;
  min: number | null;
  max: number | null;
  step: number | null;
  options: string[];
}

const TYPES = new Set<QuestionSeen['type']>(['single_choice', 'multiple_choice', 'number', 'text']);

/** The questions of a page, or an empty list when it has none. */
export function readQuestions(html: string, form: HtmlForm): QuestionSeen[] {
  const out: QuestionSeen[] = [];
  for (const m of html.matchAll(/<(?:fieldset|div)\b([^>]*\bdata-question-type=[^>]*)>/gi)) {
    const a = attributes(m[1]);
    const type = a['data-question-type'] as QuestionSeen['type'];
    if (!TYPES.has(type) || !a['data-name']) continue;
    const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
    out.push({
      type,
      name: a['data-name'],
      required: a['data-required'] === '1',
      min: num(a['data-min']),
      max: num(a['data-max']),
      step: num(a['data-step']),
      options: (form.radios[a['data-name']] ?? []).map((o) => o.value),
    });
  }
  return out;
}

const COMMENTS = {
  fr: ['RAS.', 'Les dossiers étaient clairs.', "Je n'ai pas toujours suivi l'avis de l'IA.", "Certaines explications m'ont aidé à décider."],
  en: ['Nothing to add.', 'The dossiers were clear.', "I did not always follow the AI's advice.", 'Some explanations helped me decide.'],
} as const;

/** Form fields answering the questions: single values, and lists for the check boxes of a multiple choice. */
export function answerQuestions(questions: readonly QuestionSeen[], rng: Rng, lang: 'fr' | 'en'): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const q of questions) {
    if (!q.required && rng.float() < 0.15) continue;
    switch (q.type) {
      case 'single_choice':
        single[q.name] = rng.pick(q.options);
        break;
      case 'multiple_choice': {
        const max = q.max ?? q.options.length;
        const min = Math.max(q.min ?? 0, q.required ? 1 : 0);
        multi[q.name] = rng.shuffle(q.options).slice(0, rng.int(min, max));
        break;
      }
      case 'number': {
        const min = q.min ?? 0;
        const step = q.step ?? 1;
        const steps = Math.round(((q.max ?? min + 10 * step) - min) / step);
        // Rounded to the step's decimals, so that 0.1 x 3 is sent as "0.3".
        const decimals = (String(step).split('.')[1] ?? '').length;
        single[q.name] = (min + rng.int(0, steps) * step).toFixed(decimals);
        break;
      }
      case 'text':
        single[q.name] = rng.pick(COMMENTS[lang]).slice(0, q.max ?? 200);
        break;
    }
  }
  return { single, multi };
}
