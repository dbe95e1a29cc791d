import type { Experiment } from '../../experiments/model.ts';
import { resolveScale, type ScaleDefinition } from '../../experiments/scales/index.ts';
import { isQuestionPage, type QuestionPage } from '../../experiments/questions/schema.ts';

/** One page of the questionnaires: a scale (bundled by name, or custom) or a page of generic questions. */
export type QuestionnaireEntry = { kind: 'scale'; scale: ScaleDefinition } | { kind: 'questions'; page: QuestionPage };

/** The questionnaires of an experiment, in the file's order, each resolved to what its page shows. */
export function scalesOf(exp: Experiment): { before: QuestionnaireEntry[]; after: QuestionnaireEntry[] } {
  const resolve = (ref: Experiment['file']['questionnaires']['before'][number]): QuestionnaireEntry =>
    isQuestionPage(ref) ? { kind: 'questions', page: ref } : { kind: 'scale', scale: resolveScale(ref) };
  return { before: exp.file.questionnaires.before.map(resolve), after: exp.file.questionnaires.after.map(resolve) };
}

/** The title of a questionnaire page, as the welcome page lists it. */
export function entryTitle(entry: QuestionnaireEntry): ScaleDefinition['title'] | QuestionPage['title'] {
  return entry.kind === 'scale' ? entry.scale.title : entry.page.title;
}
