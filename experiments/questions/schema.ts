/**
 * Question pages of the experiment file: generic questions beside the Likert scales, for demographics, role,
 * seniority and comments. A page is an entry of `questionnaires.before` or `.after` with `questions` (a scale has
 * `items`); its answers are stored under the page id as `scale` and the question id as `item` (docs/QUESTIONNAIRES.md).
 *
 *   single_choice    one option (radio group)                       value = option position (1-based), text = option value
 *   multiple_choice  min_selections..max_selections options         value = number chosen, text = values joined by " "
 *   number           min..max on the step grid                      value = the number
 *   text             at most max_chars characters (default 200)     value = length in characters, text = the answer
 */
import { z } from 'zod';
import { localizedSchema } from '../localized.ts';

/** An option's stored value: an identifier, so that values joined by spaces can be split back and never start a formula. */
const optionValueSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit');

const optionSchema = z
  .object({ value: optionValueSchema.describe('value stored and exported'), text: localizedSchema.describe('what the participant reads') })
  .strict();

const common = {
  id: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1-32 lowercase letters, digits or "_", starting with a letter').describe('stored as `item`'),
  text: localizedSchema.describe('the question'),
  help: localizedSchema.optional().describe('a hint under the question'),
  required: z.boolean().default(false).describe('an answer is needed to go on (default: optional)'),
};

export const MAX_TEXT_CHARS = 1000;

const singleChoiceSchema = z
  .object({ ...common, type: z.literal('single_choice'), options: z.array(optionSchema).min(2).max(20) })
  .strict();

const multipleChoiceSchema = z
  .object({
    ...common,
    type: z.literal('multiple_choice'),
    options: z.array(optionSchema).min(2).max(20),
    min_selections: z.number().int().min(0).default(0).describe('fewest options to tick (a required question needs at least 1)'),
    max_selections: z.number().int().min(1).optional().describe('most options to tick (default: all)'),
  })
  .strict();

const numberQuestionSchema = z
  .object({
    ...common,
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().default(1).describe('answers are min + k x step: 1 for whole numbers, 0.5, 0.1...'),
    unit: localizedSchema.optional().describe('shown after the field, e.g. "years"'),
  })
  .strict()
  .refine((q) => q.min < q.max, { message: 'min must be below max', path: ['max'] });

const textQuestionSchema = z
  .object({
    ...common,
    type: z.literal('text'),
    max_chars: z.number().int().min(1).max(MAX_TEXT_CHARS).default(200).describe(`longest answer in characters (default 200, at most ${MAX_TEXT_CHARS})`),
    multiline: z.boolean().default(false).describe('a text area instead of a one-line field'),
  })
  .strict();

export const questionSchema = z.discriminatedUnion('type', [singleChoiceSchema, multipleChoiceSchema, numberQuestionSchema, textQuestionSchema]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export const QUESTION_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice', 'number', 'text'];

export const questionPageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit').describe('stored as `scale`'),
    title: localizedSchema,
    intro: localizedSchema.optional().describe('a paragraph above the questions'),
    questions: z.array(questionSchema).min(1).max(30),
  })
  .strict()
  .describe('a page of generic questions (single or multiple choice, number, short text)');
export type QuestionPage = z.infer<typeof questionPageSchema>;

/** Whether a `questionnaires` entry is a question page (a scale is a bundled name or has `items`). */
export function isQuestionPage(entry: unknown): entry is QuestionPage {
  return typeof entry === 'object' && entry !== null && 'questions' in entry;
}
