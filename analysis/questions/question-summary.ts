/**
 * The generic questions (experiments/questions) by condition: for a single or multiple choice, how many participants
 * answered and, per option, how many chose it and the proportion (chose / answered; a multiple choice's proportions
 * can sum above 1); for a number, n, mean, SD (n - 1), median and range; for a free text, only how many answered (the
 * texts are not analysed: they are personal data, read them in the export). Participants absent from the analysed
 * trials are left out, as for the scales. Input: the rows of the responses CSV whose `type` is not `scale`.
 */
import { mean, standardDeviation } from '../stats/mean-sd.ts';
import { quantileSorted } from '../stats/percentile.ts';
import type { ResponseRow } from '../input/responses-csv.ts';
import type { QuestionConditionSummary, QuestionResult } from '../result.ts';

type QuestionType = QuestionResult['type'];

/** The row of a multiple choice's participants who ticked nothing (option values are identifiers: no clash). */
export const NONE = '(none)';

interface Collected {
  page: string;
  question: string;
  type: QuestionType;
  /** participant -> their answer rows (several for a multiple choice) */
  answers: Map<string, ResponseRow[]>;
}

export function summariseQuestions(
  rows: readonly ResponseRow[],
  conditionOf: ReadonlyMap<string, string>,
  conditions: readonly string[],
): QuestionResult[] {
  const byQuestion = new Map<string, Collected>();
  for (const row of rows) {
    if (row.type === undefined || row.type === 'scale') continue;
    const key = `${row.scale}\u0000${row.item}`;
    let q = byQuestion.get(key);
    if (q === undefined) byQuestion.set(key, (q = { page: row.scale, question: row.item, type: row.type, answers: new Map() }));
    let given = q.answers.get(row.participantId);
    if (given === undefined) q.answers.set(row.participantId, (given = []));
    given.push(row);
  }
  return [...byQuestion.values()].map((q) => ({
    page: q.page,
    question: q.question,
    type: q.type,
    conditions: conditions.map((condition) => summariseCondition(q, condition, conditionOf)),
  }));
}

function summariseCondition(q: Collected, condition: string, conditionOf: ReadonlyMap<string, string>): QuestionConditionSummary {
  const inCondition = [...q.answers].filter(([participant]) => conditionOf.get(participant) === condition).map(([, rows]) => rows);
  const answered = inCondition.length;
  if (q.type === 'text') return { condition, answered };
  if (q.type === 'number') {
    const values = inCondition.map((rows) => rows[0].value).sort((a, b) => a - b);
    return {
      condition,
      answered,
      mean: mean(values),
      sd: standardDeviation(values),
      median: quantileSorted(values, 0.5),
      min: values.length > 0 ? values[0] : null,
      max: values.length > 0 ? values[values.length - 1] : null,
    };
  }
  const counts = new Map<string, { count: number; order: number }>();
  for (const rows of inCondition) {
    for (const row of rows) {
      if (row.valueText === null || row.valueText === undefined || row.value === 0) continue;
      const seen = counts.get(row.valueText) ?? { count: 0, order: q.type === 'single_choice' ? row.value : 0 };
      seen.count += 1;
      counts.set(row.valueText, seen);
    }
  }
  const options = [...counts]
    .sort(([a, x], [b, y]) => x.order - y.order || a.localeCompare(b))
    .map(([value, { count }]) => ({ value, count, proportion: answered === 0 ? null : count / answered }));
  // A multiple choice answered with no option ticked (value 0): counted as the pseudo-option "(none)".
  const none = q.type === 'multiple_choice' ? inCondition.filter((rows) => rows.every((r) => r.value === 0)).length : 0;
  if (none > 0) options.push({ value: NONE, count: none, proportion: none / answered });
  return { condition, answered, options };
}
