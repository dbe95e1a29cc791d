/**
 * Report tables of the questionnaires beyond the scale scores: where each scale comes from and whether each
 * language's text is the validated wording (the translation mark, next to the scale results), and the generic
 * questions by condition (choices: counts and proportions; numbers: summary; free text: only how many answered).
 */
import type { AnalysisResult, ScaleResult } from '../result.ts';
import { fixed } from './number-format.ts';
import { wordingStatusText } from '../../experiments/scales/scale-values.ts';
import type { ReportTable } from './report-tables.ts';


/** Whether a scale's text in some language is not the validated instrument (marked † next to its results). */
export function hasUnvalidatedText(s: Pick<ScaleResult, 'wording'>): boolean {
  return s.wording !== undefined && Object.values(s.wording).some((w) => w.status === 'translation' || w.status === 'custom');
}

export function scaleSourceTable(result: AnalysisResult): ReportTable | null {
  const seen = new Map<string, ScaleResult>();
  for (const s of result.scales) if (!seen.has(s.scale) && s.wording) seen.set(s.scale, s);
  if (seen.size === 0) return null;
  return {
    title: 'Questionnaire scales: sources and wording',
    note: '† in the tables below: in at least one language the text is not the validated instrument (a translation that is not validated, or own items); report it as such.',
    columns: ['scale', 'source', 'en', 'fr'],
    rows: [...seen.values()].map((s) => [
      s.scale,
      s.source ?? '',
      `${wordingStatusText(s.wording!.en.status)} (${s.wording!.en.note})`,
      `${wordingStatusText(s.wording!.fr.status)} (${s.wording!.fr.note})`,
    ]),
  };
}

export function questionTables(result: AnalysisResult): ReportTable[] {
  const questions = result.questions ?? [];
  const tables: ReportTable[] = [];
  const choices = questions.filter((q) => q.type === 'single_choice' || q.type === 'multiple_choice');
  if (choices.length > 0) {
    tables.push({
      title: 'Questions: choices by condition',
      note: 'proportion = participants who chose the option / participants who answered the question (a multiple choice can sum above 1; "(none)": answered with no option ticked).',
      columns: ['page', 'question', 'type', 'condition', 'answered', 'option', 'count', 'proportion'],
      rows: choices.flatMap((q) =>
        q.conditions.flatMap((c) => {
          const options = c.options ?? [];
          const lead = [q.page, q.question, q.type, c.condition, String(c.answered)];
          if (options.length === 0) return [[...lead, '—', '0', '—']];
          return options.map((o) => [...lead, o.value, String(o.count), fixed(o.proportion, 3)]);
        }),
      ),
    });
  }
  const numbers = questions.filter((q) => q.type === 'number');
  if (numbers.length > 0) {
    tables.push({
      title: 'Questions: numbers by condition',
      columns: ['page', 'question', 'condition', 'n', 'mean', 'SD', 'median', 'min', 'max'],
      rows: numbers.flatMap((q) =>
        q.conditions.map((c) => [q.page, q.question, c.condition, String(c.answered), fixed(c.mean, 2), fixed(c.sd, 2), fixed(c.median, 2), fixed(c.min, 2), fixed(c.max, 2)]),
      ),
    });
  }
  const texts = questions.filter((q) => q.type === 'text');
  if (texts.length > 0) {
    tables.push({
      title: 'Questions: free text (counted, not analysed)',
      note: 'Free texts are personal data: read them in the export (responses.csv, value_text), not in the report.',
      columns: ['page', 'question', 'condition', 'answered'],
      rows: texts.flatMap((q) => q.conditions.map((c) => [q.page, q.question, c.condition, String(c.answered)])),
    });
  }
  return tables;
}

/** The wording marks of a scale in one cell: "en: authors' wording; fr: translation NOT validated". */
export function wordingCell(s: Pick<ScaleResult, 'wording'>): string | null {
  if (s.wording === undefined) return null;
  return (['en', 'fr'] as const).map((lang) => `${lang}: ${wordingStatusText(s.wording![lang].status)}`).join('; ');
}

/** The self-assessed competence against actual accuracy, per condition. */
export function selfAssessmentTable(result: AnalysisResult): ReportTable | null {
  const s = result.self_assessment;
  if (s === undefined) return null;
  return {
    title: 'Self-assessed competence against actual accuracy (He, Kuiper & Gadiraju 2023)',
    note: `difference = estimated share of right decisions - actual ${s.actual === 'accuracy_initial' ? 'accuracy of the unaided initial decisions' : 'accuracy of the final decisions'}; over / under: by at least half a mark (0.05).`,
    columns: ['condition', 'n', 'estimate', 'actual', 'difference', 'SD', 'over', 'within', 'under'],
    rows: s.conditions.map((c) => [c.condition, String(c.n), fixed(c.estimate, 3), fixed(c.actual, 3), fixed(c.difference, 3), fixed(c.sd, 3), String(c.overestimated), String(c.within), String(c.underestimated)]),
  };
}
