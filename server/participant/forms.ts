/**
 * Every POST body is parsed by a strict zod schema built for the page it answers. Anything else — an unknown field,
 * a repeated field, a `$`-key, a wrong type, an answer out of range — is refused with a 400 page listing what was
 * wrong, in the participant's language, and nothing is stored.
 */
import { z } from 'zod';
import type { Translator } from '../i18n.ts';
import { VersionCache } from './version-cache.ts';

export class InvalidSubmission extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid submission: ${problems.join('; ')}`);
    this.name = 'InvalidSubmission';
    this.problems = problems;
  }
}

/** Fields every participant form carries: the CSRF token (checked by middleware) and the page position. */
export const baseFields = {
  _csrf: z.string().max(512),
  at: z.string().max(64),
};

/** A plain "continue" form (instructions, practice feedback): the same for every page, language and experiment. */
export const continueSchema = z.object(baseFields).strict();

/**
 * The schema of a page depends only on the experiment version and the language of its messages, so it is built once
 * per (experiment, key) and kept with the experiment object: building one per request, and zod compiling its fast
 * path on the first parse of each new schema, were the largest part of a trial submission's CPU time.
 * `key` must name everything else the schema depends on (page kind, language, scale...).
 */
const schemas = new VersionCache<z.ZodType>();

export function schemaFor<S extends z.ZodType>(experiment: object, key: string, build: () => S): S {
  return schemas.get(experiment, key, build) as S;
}

/**
 * zod's own messages (a wrong type, an unexpected value) in the page's language; the fields' own messages ("choose
 * an answer") take precedence, as they are set on the schema.
 */
const ZOD_MESSAGES: Record<Translator['lang'], z.core.$ZodErrorMap> = {
  fr: z.locales.fr().localeError,
  en: z.locales.en().localeError,
};

export function parseForm<S extends z.ZodType>(schema: S, body: unknown, tr: Translator): z.infer<S> {
  const parsed = schema.safeParse(body ?? {}, { error: ZOD_MESSAGES[tr.lang] });
  if (parsed.success) return parsed.data;
  throw new InvalidSubmission(parsed.error.issues.map((issue) => describeIssue(issue, tr)));
}

function describeIssue(issue: z.core.$ZodIssue, tr: Translator): string {
  if (issue.code === 'unrecognized_keys') {
    return tr.t('errors.unknown_fields', { fields: issue.keys.join(', ') });
  }
  return tr.t('errors.problem', { field: fieldName(String(issue.path[0] ?? ''), tr), message: issue.message });
}

/** The name of a form field as the participant reads it ("Décision", "Affirmation 3"), never an internal key alone. */
function fieldName(key: string, tr: Translator): string {
  if (key === '') return tr.t('errors.form');
  if (['decision', 'certainty', 'choice', 'trust_rating', 'self_confidence_rating', 'justification'].includes(key)) return tr.t(`fields.${key}`);
  // The apply / override buttons of a decision page where the AI has the last word.
  if (key === 'action') return tr.t('fields.decision');
  const item = /^item_[a-z]+_(\d+)$/.exec(key);
  if (item) return tr.t('fields.item', { id: item[1] });
  return tr.t('fields.other', { name: key });
}

/** A required choice among `values` (radio group); `message` says what to do, in the participant's language. */
export function choiceField(values: readonly string[], message: string) {
  return z.string({ error: message }).refine((v) => values.includes(v), { message });
}

/** An integer answer between min and max, from its form text. */
export function integerField(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .regex(/^\d{1,6}$/, { message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message });
}

/** A number typed by a person: accepts a comma as decimal separator and spaces between thousands. */
export function numberField(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .max(32, { message })
    .transform((text) => text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))
    .refine((text) => /^-?\d+(\.\d+)?$/.test(text), { message })
    .transform(Number)
    .refine((n) => Number.isFinite(n) && n >= min && n <= max, { message });
}

/** Optional client-measured response time (set by the page script when JavaScript runs). */
export const clientRtField = z
  .string()
  .regex(/^\d{1,8}$/)
  .transform(Number)
  .optional();

/**
 * What a refused form sent, field by field, as lists of strings (a repeated field, such as ticked check boxes, gives
 * several), so that the page shown again can fill in what the participant had answered. The CSRF token and the page
 * position are left out (the page renders its own); anything that is not a string is dropped. The values are only
 * ever written into the page through EJS's escaping output.
 */
export function sentFields(body: unknown): Record<string, string[]> {
  const sent: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  if (body === null || typeof body !== 'object') return sent;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf' || name === 'at') continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) sent[name] = values;
  }
  return sent;
}
