/**
 * The questionnaire lines of `confiance validate`'s summary: each entry of `questionnaires.before/after` (a scale with
 * its item count, a question page with its question types), then, for every scale, its source and whether the text
 * of each of the study's languages is the validated wording (the translation mark).
 */
import type { ExperimentFile, Language } from '../schema.ts';
import { resolveScale, wordingMark } from '../scales/index.ts';
import { isQuestionPage, type QuestionPage } from './schema.ts';

type Entry = ExperimentFile['questionnaires']['before'][number];
type ScaleEntry = Exclude<Entry, QuestionPage>;

const WORDS = {
  en: { items: 'items', questions: 'question(s)', wording: 'Wording' },
  fr: { items: 'items', questions: 'question(s)', wording: 'Texte' },
} as const;

/** One entry as listed: `nasa_tlx (6 items)`, `profile (3 question(s): single_choice, number, text)`. */
export function entryLabel(entry: Entry, lang: Language): string {
  const w = WORDS[lang];
  if (isQuestionPage(entry)) return `${entry.id} (${entry.questions.length} ${w.questions}: ${[...new Set(entry.questions.map((q) => q.type))].join(', ')})`;
  const scale = resolveScale(entry);
  return typeof entry === 'string' ? `${entry} (${scale.items.length} ${w.items})` : `${entry.id} (${entry.items.length} ${w.items})`;
}

/** `Wording: korber_tia — en: authors' wording; fr: translation NOT validated (Körber (2019), ...)`, one line per scale. */
export function wordingLines(file: ExperimentFile, lang: Language): string[] {
  const entries = [...file.questionnaires.before, ...file.questionnaires.after].filter((e): e is ScaleEntry => !isQuestionPage(e));
  return entries.map((entry) => {
    const scale = resolveScale(entry);
    return `  ${WORDS[lang].wording}: ${scale.id} — ${wordingMark(scale, file.languages, lang)} (${scale.source})`;
  });
}
