/**
 * How case values and answers read on a page: numbers formatted for the participant's language, units from the
 * experiment file, label values turned into their texts. The value itself (e.g. `ne_pas_contacter`) never shows
 * outside the answer controls.
 */
import type { Experiment } from '../../experiments/model.ts';
import type { Field } from '../../experiments/schema.ts';
import type { Translator } from '../i18n.ts';
import { formatAmount, formatFieldValue as formatValueForParticipant } from '../../experiments/format-value.ts';
import { VersionCache } from './version-cache.ts';
import { caseValueIn } from '../../experiments/case-text.ts';

export interface DossierRow {
  label: string;
  value: string;
}

/** A case value as the participant reads it: translated through the case bank (text fields), then formatted. */
export function formatFieldValue(exp: Experiment, field: Field, value: string | number | undefined, tr: Translator): string {
  if (value === undefined || value === '') return tr.t('trial.missing_value');
  return formatValueForParticipant(field, caseValueIn(exp, field.key, value, tr.lang), tr.lang);
}

export function fieldByKey(exp: Experiment, key: string): Field | undefined {
  return exp.file.display.fields.find((f) => f.key === key);
}

export function fieldLabel(exp: Experiment, key: string, tr: Translator): string {
  const field = fieldByKey(exp, key);
  return field ? tr.text(field.label) : key;
}

/** Formatting a case's values (Intl) on every trial page showed in the profile; a case bank is bounded. */
const dossiers = new VersionCache<readonly DossierRow[]>();

/** The case as a readable dossier: every display field with its label, value and unit. */
export function dossierOf(exp: Experiment, caseId: string, tr: Translator): readonly DossierRow[] {
  return dossiers.get(exp, `${tr.lang}:${caseId}`, () => {
    const c = exp.caseById.get(caseId);
    return exp.file.display.fields.map((field) => ({
      label: tr.text(field.label),
      value: formatFieldValue(exp, field, c?.texts?.[field.key]?.[tr.lang] ?? c?.values[field.key], tr),
    }));
  });
}

/** An answer or a recommendation as the participant reads it: the label's text, or the number with its unit. */
export function answerText(exp: Experiment, answer: string | number, tr: Translator): string {
  const task = exp.file.task;
  if (task.type === 'numeric') {
    const n = typeof answer === 'number' ? answer : Number(answer);
    return formatAmount(n, task.unit, tr.lang);
  }
  const label = task.labels.find((l) => l.value === String(answer));
  return label ? tr.text(label.text) : String(answer);
}

/** Experiment texts are plain text; blank lines separate paragraphs. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}
