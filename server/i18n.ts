/**
 * Participant-facing strings come from views/locales/<lang>.json; the experiment's own texts come from the experiment
 * file in the participant's language. A missing key is a bug: it shows as the key itself (and a test checks that both
 * locale files have the same keys).
 */
import { readFileSync } from 'node:fs';
import { numberFormat } from '../experiments/format-value.ts';
import type { Language, Localized } from '../experiments/schema.ts';
import { VIEWS_DIR } from './views-dir.ts';

export type Messages = { [key: string]: string | Messages };

const LOCALES_DIR = `${VIEWS_DIR}locales/`;

function readLocale(lang: Language): Messages {
  return JSON.parse(readFileSync(`${LOCALES_DIR}${lang}.json`, 'utf8')) as Messages;
}

export const MESSAGES: Record<Language, Messages> = { fr: readLocale('fr'), en: readLocale('en') };

export interface Translator {
  lang: Language;
  /** A locale string by dotted key, with `{name}` placeholders filled. */
  t(key: string, params?: Record<string, string | number>): string;
  /** An experiment text in this language (or the other one when the file has only that). */
  text(value: Localized | undefined): string;
  /** A number formatted for this language (French: comma decimals, narrow spaces). */
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** One translator per language: it holds no state, and pages call `t` dozens of times each. */
const translators = new Map<Language, Translator>();

export function translator(lang: Language): Translator {
  let tr = translators.get(lang);
  if (!tr) translators.set(lang, (tr = makeTranslator(lang)));
  return tr;
}

/** Bound of the French-spacing cache (texts come from experiment files, a few hundred per study). */
const SPACED_TEXTS = 5000;

function makeTranslator(lang: Language): Translator {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  // Resolved keys (only those found, so the map is bounded by the locale file) and spaced texts, since the same
  // strings are looked up on every page.
  const found = new Map<string, string>();
  const spaced = new Map<string, string>();
  return {
    lang,
    t(key, params) {
      let raw = found.get(key);
      if (raw === undefined) {
        const resolved = lookup(MESSAGES[lang], key);
        if (resolved !== undefined) found.set(key, resolved);
        raw = resolved ?? key;
      }
      return params ? raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : raw;
    },
    text(value) {
      if (!value) return '';
      const text = value[lang] ?? value.fr ?? value.en ?? '';
      if (value[lang] === undefined || lang !== 'fr') return text;
      let result = spaced.get(text);
      if (result === undefined) {
        result = frenchSpacing(text);
        if (spaced.size >= SPACED_TEXTS) spaced.clear();
        spaced.set(text, result);
      }
      return result;
    },
    number(value, options) {
      // Cached: building a formatter per call cost more than the formatting.
      return numberFormat(locale, options).format(value);
    },
  };
}

/**
 * French typography in texts written by researchers: a no-break space before `:`, a narrow one before `;`, `?` and
 * `!`, so a question mark never starts a line alone ("préventif ?" typed with an ordinary space). Spaces inside « »
 * are left as written: instructed-response checks quote answers that way, and bots match those texts as written.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ :(?=\s|$)/g, '\u00a0:')
    .replace(/ ([;?!])/g, '\u202f$1');
}

/**
 * The participant's language: an explicit `lang` from the link when the experiment offers it, else the best match of
 * the browser's Accept-Language among the experiment's languages, else the experiment's first language.
 */
export function chooseLanguage(
  allowed: readonly Language[],
  explicit: unknown,
  acceptLanguage: string | undefined,
): Language {
  if (typeof explicit === 'string' && (allowed as readonly string[]).includes(explicit)) return explicit as Language;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, order };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const w of wanted) {
    if ((allowed as readonly string[]).includes(w.lang)) return w.lang as Language;
  }
  return allowed[0] ?? 'fr';
}
