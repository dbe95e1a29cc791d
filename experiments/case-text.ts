/**
 * Text values of a case bank in the participant's language. A text field (`format: text`) is written either in one
 * column named after the field (the same text in every language: codes, proper names) or in one column per language,
 * `<field>_fr` and `<field>_en`. The case keeps the first column's text as its value (exports, similarity, the
 * analysis) and the per-language texts beside it; a value met anywhere else (a similar case, a counterfactual, a
 * generated rationale) is translated through the bank: the same value always has the same translation.
 */
import type { Case, Experiment } from './model.ts';
import type { Language } from './schema.ts';

/** The columns a text field may be written in, per language. */
export function languageColumn(fieldKey: string, lang: Language): string {
  return `${fieldKey}_${lang}`;
}

const translations = new WeakMap<Experiment, Map<string, Partial<Record<Language, string>>>>();

/** `value` of field `fieldKey` in `lang`: the bank's translation when it has one, else the value as written. */
export function caseValueIn<V extends string | number>(exp: Experiment, fieldKey: string, value: V, lang: Language): V | string {
  if (typeof value !== 'string') return value;
  return translationsOf(exp).get(`${fieldKey}\u001f${value}`)?.[lang] ?? value;
}

function translationsOf(exp: Experiment): Map<string, Partial<Record<Language, string>>> {
  let map = translations.get(exp);
  if (!map) {
    map = new Map();
    for (const c of exp.cases) addCase(map, c);
    translations.set(exp, map);
  }
  return map;
}

function addCase(map: Map<string, Partial<Record<Language, string>>>, c: Case): void {
  for (const [key, texts] of Object.entries(c.texts ?? {})) {
    const value = c.values[key];
    if (typeof value === 'string') map.set(`${key}\u001f${value}`, texts);
  }
}
