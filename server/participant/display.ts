/**
 * How a case reads on a page: the dossier of its display fields. The formatting of one value or answer lives in
 * experiments/participant-text.ts (shared with the explanation types' view models) and is re-exported here.
 */
import type { Experiment } from '../../experiments/model.ts';
import type { Translator } from '../i18n.ts';
import { formatFieldValue } from '../../experiments/participant-text.ts';
import { VersionCache } from './version-cache.ts';

export { answerText, fieldByKey, fieldLabel, formatFieldValue } from '../../experiments/participant-text.ts';

export interface DossierRow {
  label: string;
  value: string;
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

/** Experiment texts are plain text; blank lines separate paragraphs. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}
