/**
 * The answer values of a scale's marks: mark k (1..points) is worth first + (k - 1) x step, 1..points by default
 * (NASA-TLX: 0, 5, ..., 100). A reversed item scores first + last - x, which is (points + 1 - x) on a 1..points scale
 * (Jian et al. 2000: 8 - x on 7 points).
 */
import type { ScaleDefinition, Wording } from './definition.ts';

export function markValues(def: Pick<ScaleDefinition, 'points' | 'values'>): number[] {
  const first = def.values?.first ?? 1;
  const step = def.values?.step ?? 1;
  return Array.from({ length: def.points }, (_, k) => first + k * step);
}

export function isMarkValue(def: Pick<ScaleDefinition, 'points' | 'values'>, value: number): boolean {
  return markValues(def).includes(value);
}

/** first + last - value: the value of the mark at the same distance from the other end. */
export function reversedValue(def: Pick<ScaleDefinition, 'points' | 'values'>, value: number): number {
  const marks = markValues(def);
  return marks[0] + marks[marks.length - 1] - value;
}

/** "1-7", or "0-100 in steps of 5" when the marks are not consecutive integers from 1. */
export function markRangeText(def: Pick<ScaleDefinition, 'points' | 'values'>): string {
  const marks = markValues(def);
  const step = def.values?.step ?? 1;
  return `${marks[0]}-${marks[marks.length - 1]}${step === 1 ? '' : ` in steps of ${step}`}`;
}

const STATUS_TEXT: Record<'fr' | 'en', Record<Wording['status'], string>> = {
  en: {
    authors: "authors' wording",
    validated_translation: 'validated translation',
    translation: 'translation NOT validated',
    custom: 'own wording, not a validated instrument',
  },
  fr: {
    authors: 'texte des auteurs',
    validated_translation: 'traduction validée',
    translation: 'traduction NON validée',
    custom: 'texte propre, pas un instrument validé',
  },
};

/** "authors' wording", "translation NOT validated"... in the words of `words`. */
export function wordingStatusText(status: Wording['status'], words: 'fr' | 'en' = 'en'): string {
  return STATUS_TEXT[words][status];
}

/**
 * "en: authors' wording; fr: translation NOT validated" for the languages given (a study's languages), as validate's
 * summary and the analysis report show it next to the scale.
 */
export function wordingMark(
  def: Pick<ScaleDefinition, 'wording'>,
  languages: readonly ('fr' | 'en')[] = ['en', 'fr'],
  words: 'fr' | 'en' = 'en',
): string {
  return languages.map((lang) => `${lang}: ${wordingStatusText(def.wording[lang].status, words)}`).join('; ');
}
