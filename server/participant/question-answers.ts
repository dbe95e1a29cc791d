/**
 * The answers of a question page (experiments/questions), read from its form. Every question is checked against the
 * file: an option that was not offered, a number out of range or off the step grid, a text over its length, a control
 * character, a missing required answer, an unknown or repeated field: the whole page is refused (InvalidSubmission:
 * a 400 page naming each question by its text) and nothing is stored. An optional question left empty is `null`
 * (nothing stored), except a multiple choice whose min_selections is 0: unticked, it is answered "none" (value 0).
 */
import type { QuestionPage, Question } from '../../experiments/questions/schema.ts';
import { onGrid } from '../../experiments/questions/checks.ts';
import type { QuestionAnswerType } from '../store/index.ts';
import type { Translator } from '../i18n.ts';
import { InvalidSubmission } from './forms.ts';

/** What is stored for one answered question (ResponseRecord.value / .text / .type). */
export interface QuestionAnswer {
  type: QuestionAnswerType;
  value: number;
  text?: string;
}

/** The form field of a question. */
export function questionField(q: Pick<Question, 'id'>): string {
  return `q_${q.id}`;
}

/** Control characters other than tab and line breaks; a leading "$" (the store refuses it: operator injection). */
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|^\$/;

export function readQuestionAnswers(page: QuestionPage, body: unknown, tr: Translator): Map<string, QuestionAnswer | null> {
  const fields = (body ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(['_csrf', 'at', ...page.questions.map(questionField)]);
  const unknown = Object.keys(fields).filter((k) => !known.has(k));
  if (unknown.length > 0) problems.push(tr.t('errors.unknown_fields', { fields: unknown.join(', ') }));
  const answers = new Map<string, QuestionAnswer | null>();
  for (const q of page.questions) {
    const raw = fields[questionField(q)];
    const result = readOne(q, raw);
    if (result instanceof Problem) problems.push(tr.t('errors.problem', { field: tr.lang === 'fr' ? `« ${tr.text(q.text)} »` : `“${tr.text(q.text)}”`, message: tr.t(result.key, result.params) }));
    else answers.set(q.id, result);
  }
  for (const name of ['_csrf', 'at']) if (Array.isArray(fields[name])) problems.push(tr.t('errors.unknown_fields', { fields: name }));
  if (problems.length > 0) throw new InvalidSubmission(problems);
  return answers;
}

/** What is wrong with one answer: a message key of the locales and its parameters. */
class Problem {
  constructor(
    readonly key: string,
    readonly params?: Record<string, string | number>,
  ) {}
}

function readOne(q: Question, raw: unknown): QuestionAnswer | null | Problem {
  const problem = (key: string, params?: Record<string, string | number>) => new Problem(key, params);
  if (q.type === 'multiple_choice') {
    const chosen = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (chosen.some((v) => typeof v !== 'string' || !q.options.some((o) => o.value === v)) || new Set(chosen).size !== chosen.length)
      return problem('errors.question_option');
    const max = q.max_selections ?? q.options.length;
    if (chosen.length === 0) {
      if (q.required) return problem('errors.question_required');
      if (q.min_selections > 0) return null;
      return { type: q.type, value: 0, text: '' };
    }
    if (chosen.length < q.min_selections || chosen.length > max) return problem('errors.question_selections', { min: q.min_selections, max });
    // Stored in the order of the options, whatever the order of the form.
    const values = q.options.map((o) => o.value).filter((v) => chosen.includes(v));
    return { type: q.type, value: values.length, text: values.join(' ') };
  }
  if (raw !== undefined && typeof raw !== 'string') return problem(q.type === 'single_choice' ? 'errors.question_option' : 'errors.question_repeated');
  const given = raw === undefined ? '' : raw;
  if (q.type === 'text') {
    const text = given.replace(/\r\n?/g, '\n').trim();
    const single = q.multiline ? text : text.replace(/\s*\n\s*/g, ' ');
    if (single === '') return q.required ? problem('errors.question_required') : null;
    if (FORBIDDEN_TEXT.test(single)) return problem('errors.question_text_chars');
    if (single.length > q.max_chars) return problem('errors.question_text_length', { max: q.max_chars, length: single.length });
    return { type: q.type, value: single.length, text: single };
  }
  if (given.trim() === '') return q.required ? problem('errors.question_required') : null;
  if (q.type === 'single_choice') {
    const position = q.options.findIndex((o) => o.value === given);
    return position < 0 ? problem('errors.question_option') : { type: q.type, value: position + 1, text: given };
  }
  const cleaned = given.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const n = /^-?\d{1,15}(\.\d{1,10})?$/.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isFinite(n) || n < q.min || n > q.max || !onGrid(n, q.min, q.step)) return problem('errors.question_number', { min: q.min, max: q.max, step: q.step });
  return { type: q.type, value: n };
}
