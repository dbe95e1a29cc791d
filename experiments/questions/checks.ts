/** Cross-field checks of a question page (experiments/checks.ts runs them with the file's other checks). */
import type { PathSegment, Problem } from '../problems.ts';
import type { QuestionPage } from './schema.ts';

export function checkQuestionPage(page: QuestionPage, path: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  page.questions.forEach((q, i) => {
    const at: PathSegment[] = [...path, 'questions', i];
    if (ids.has(q.id)) problems.push({ path: [...at, 'id'], message: `duplicate question id "${q.id}"` });
    ids.add(q.id);
    if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      const values = new Set<string>();
      q.options.forEach((o, j) => {
        if (values.has(o.value)) problems.push({ path: [...at, 'options', j, 'value'], message: `duplicate option value "${o.value}"` });
        values.add(o.value);
      });
    }
    if (q.type === 'multiple_choice') {
      const max = q.max_selections ?? q.options.length;
      if (max > q.options.length) problems.push({ path: [...at, 'max_selections'], message: `${max} is more than the ${q.options.length} options` });
      if (q.min_selections > max) problems.push({ path: [...at, 'min_selections'], message: `${q.min_selections} is more than max_selections (${max})` });
      if (q.required && q.min_selections === 0)
        problems.push({ path: [...at, 'min_selections'], message: 'a required multiple choice needs min_selections of at least 1 (an unticked group cannot be told from a skipped one)' });
    }
    if (q.type === 'number' && !onGrid(q.max, q.min, q.step))
      problems.push({ path: [...at, 'max'], message: `max ${q.max} is not min + a whole number of steps (${q.min} + k x ${q.step})` });
  });
  return problems;
}

/** Whether value = min + k x step for a whole k (to 1e-9 of a step, for decimal steps such as 0.1). */
export function onGrid(value: number, min: number, step: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}
