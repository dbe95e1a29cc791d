/**
 * The study's steps as the welcome page lists them, in the order the participant meets them, built from the
 * experiment (the same order as pages.ts): consent, questionnaires before, instructions, comprehension questions,
 * practice, the decisions, questionnaires after, the end.
 */
import type { Experiment } from '../../experiments/model.ts';
import type { Translator } from '../i18n.ts';
import { entryTitle, scalesOf } from './scales.ts';

export function studySteps(exp: Experiment, tr: Translator): string[] {
  const { procedure } = exp.file;
  const scales = scalesOf(exp);
  const steps = [tr.t('welcome.steps.consent')];
  const questionnaire = (list: typeof scales.before) =>
    tr.t('welcome.steps.questionnaire', { titles: list.map((s) => tr.text(entryTitle(s))).join(tr.lang === 'fr' ? ' ; ' : '; ') });
  if (scales.before.length > 0) steps.push(questionnaire(scales.before));
  steps.push(tr.t('welcome.steps.instructions'));
  if (procedure.comprehension) steps.push(tr.t('welcome.steps.comprehension'));
  if (procedure.practice.count > 0) steps.push(tr.t('welcome.steps.practice', { count: procedure.practice.count }));
  const trials = procedure.trials.count + procedure.attention_checks.length;
  steps.push(tr.t(procedure.paradigm === 'two_stage' ? 'welcome.steps.trials_two_stage' : 'welcome.steps.trials_one_stage', { count: trials }));
  if (scales.after.length > 0) steps.push(questionnaire(scales.after));
  steps.push(tr.t('welcome.steps.end'));
  return steps;
}
