/**
 * How a number or a case value reads for a participant, in French or English: the field's `format` decides the
 * decimals and the style, `Intl.NumberFormat` the separators (fr: `12 500 €`, `3,5 %`; en: `€12,500`, `3.5%`).
 * Locales are pinned (`fr-FR`, `en-GB`), so the text is the same on any machine with Node's full ICU. Used by the
 * generated explanation texts and meant for the participant pages too, so a value reads the same everywhere.
 */
import type { Field, Language, Localized } from './schema.ts';

export type ValueFormat = Field['format'];

const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };
/** Between a number and its unit: no line break there. */
const NBSP = '\u00a0';
/** French puts a narrow no-break space before `%` (as Intl does for its percent style); English none. */
const PERCENT_GAP: Record<Language, string> = { fr: '\u202f', en: '' };
const MINUS = '\u2212';

export interface NumberFormatOptions {
  /** Show `+` on positive values (for quantities that take both signs, e.g. a change in turnover). */
  signed?: boolean;
}

/**
 * A number alone, by format: `integer` rounded to a whole number; `decimal` (and `text`, should a number land
 * there) at most 2 decimals; `percent` a value in percent points (3.5 means 3.5 %) with at most 1 decimal; `euros`
 * whole euros, or cents when the amount has any. Negative numbers take the minus sign U+2212 (`−8,1`), which
 * screen readers say as "minus", not the hyphen Intl writes.
 */
export function formatNumber(value: number, format: ValueFormat, lang: Language, options: NumberFormatOptions = {}): string {
  const sign: Intl.NumberFormatOptions = options.signed ? { signDisplay: 'exceptZero' } : {};
  const fmt = (v: number, o: Intl.NumberFormatOptions) => numberFormat(LOCALE[lang], { ...o, ...sign }).format(v).replace('-', MINUS);
  switch (format) {
    case 'integer':
      return fmt(tidy(value, 0), { maximumFractionDigits: 0 });
    case 'percent':
      return `${fmt(tidy(value, 1), { maximumFractionDigits: 1 })}${PERCENT_GAP[lang]}%`;
    case 'euros': {
      const v = tidy(value, 2);
      const digits = Number.isInteger(v) ? 0 : 2;
      return fmt(v, { style: 'currency', currency: 'EUR', minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    default:
      return fmt(tidy(value, 2), { maximumFractionDigits: 2 });
  }
}

/**
 * A value with its unit as it reads in a sentence or a dossier: `formatNumber` for numbers, text as it is; the
 * unit after a no-break space (a `%` unit is glued as the language wants it).
 */
export function formatFieldValue(
  field: Pick<Field, 'format' | 'unit'>,
  value: string | number,
  lang: Language,
  options: NumberFormatOptions = {},
): string {
  const unit = localized(field.unit, lang).trim();
  if (typeof value !== 'number') return unit ? `${value}${NBSP}${unit}` : value;
  const number = formatNumber(value, field.format, lang, options);
  if (!unit || (field.format === 'percent' && unit === '%')) return number;
  return unit === '%' ? `${number}${PERCENT_GAP[lang]}%` : `${number}${NBSP}${unit}`;
}

/** An amount in a unit, e.g. the numeric task's estimate: `1 727 ménages`, `1,727 households`. */
export function formatAmount(value: number, unit: Localized | undefined, lang: Language, options: NumberFormatOptions = {}): string {
  return formatFieldValue({ format: 'decimal', unit }, value, lang, options);
}

/** The text in `lang`, else in the other language (files may hold one language only). */
export function localized(text: Localized | undefined, lang: Language): string {
  return text?.[lang] ?? text?.fr ?? text?.en ?? '';
}

/**
 * Building an Intl.NumberFormat costs far more than formatting with one (it resolves the locale's data; profiled on
 * the participant pages), and the code uses a handful of option sets: keep one formatter per locale and options. The
 * key is the options as JSON, so callers may pass fresh literals. Also used by the server's translator.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = options ? `${locale}${JSON.stringify(options)}` : locale;
  let format = numberFormats.get(key);
  if (!format) {
    // A bound in case some caller ever builds options from data: the cache then stays a cache, not a leak.
    if (numberFormats.size >= 256) numberFormats.clear();
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** Rounded to `digits`, without a negative zero (Intl would print `-0`). */
function tidy(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f + 0;
}
