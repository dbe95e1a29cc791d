/**
 * How case values and answers read for a participant: numbers formatted for the participant's language, units from
 * the experiment file, label values turned into their texts. The value itself (e.g. `ne_pas_contacter`) never shows
 * outside the answer controls.
 *
 * Written against `TextTranslator`, the few things a page needs from its language (the server's `Translator`
 * satisfies it), so that the explanation types' view models (./explanations/) can use them without reaching up into
 * server/.
 */
import type { Experiment } from './model.ts';
import type { Field, Language, Localized } from './schema.ts';
import { formatAmount, formatFieldValue as formatValueForParticipant } from './format-value.ts';
import { caseValueIn } from './case-text.ts';

/** What a view model needs from the participant's language: locale strings (views/locales), file texts, numbers. */
export interface TextTranslator {
  lang: Language;
  /** A locale string by dotted key, with `{name}` placeholders filled. */
  t(key: string, params?: Record<string, string | number>): string;
  /** An experiment text in this language (or the other one when the file has only that). */
  text(value: Localized | undefined): string;
  /** A number formatted for this language (French: comma decimals, narrow spaces). */
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

/** A case value as the participant reads it: translated through the case bank (text fields), then formatted. */
export function formatFieldValue(exp: Experiment, field: Field, value: string | number | undefined, tr: TextTranslator): string {
  if (value === undefined || value === '') return tr.t('trial.missing_value');
  return formatValueForParticipant(field, caseValueIn(exp, field.key, value, tr.lang), tr.lang);
}

export function fieldByKey(exp: Experiment, key: string): Field | undefined {
  return exp.file.display.fields.find((f) => f.key === key);
}

export function fieldLabel(exp: Experiment, key: string, tr: TextTranslator): string {
  const field = fieldByKey(exp, key);
  return field ? tr.text(field.label) : key;
}

/** An answer or a recommendation as the participant reads it: the label's text, or the number with its unit. */
export function answerText(exp: Experiment, answer: string | number, tr: TextTranslator): string {
  const task = exp.file.task;
  if (task.type === 'numeric') {
    const n = typeof answer === 'number' ? answer : Number(answer);
    return formatAmount(n, task.unit, tr.lang);
  }
  const label = task.labels.find((l) => l.value === String(answer));
  return label ? tr.text(label.text) : String(answer);
}
