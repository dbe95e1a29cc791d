/**
 * The questionnaire lines of `confiance validate`'s summary: each entry of `questionnaires.before/after` (a scale with
 * its item count, a question page with its question types), then, for every scale, its source and whether the text
 * of each of the study's languages is the validated wording (the translation mark).
 */
import type { ExperimentFile, Language } from '../schema.ts';
import { resolveScale, wordingStatusText } from '../scales/index.ts';
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

/**
 * One line per study language grouping the scales by the status of their text in it:
 * `Wording (fr): translation NOT validated: propensity, jian_trust; own wording, not a validated instrument: workload`.
 */
export function wordingLines(file: ExperimentFile, lang: Language): string[] {
  const scales = [...file.questionnaires.before, ...file.questionnaires.after]
    .filter((e): e is ScaleEntry => !isQuestionPage(e))
    .map((entry) => resolveScale(entry));
  if (scales.length === 0) return [];
  return file.languages.map((textLang) => {
    const byMark = new Map<string, string[]>();
    for (const scale of scales) {
      const mark = wordingStatusText(scale.wording[textLang].status, lang);
      byMark.set(mark, [...(byMark.get(mark) ?? []), scale.id]);
    }
    return `  ${WORDS[lang].wording} (${textLang}): ${[...byMark].map(([mark, ids]) => `${mark}: ${ids.join(', ')}`).join('; ')}`;
  });
}
