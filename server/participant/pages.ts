/**
 * The participant's path as a flat list of pages, computed from the experiment and the participant's trial plan.
 * The participant document stores only a position (step, stepIndex); the page at that position is what GET shows and
 * what POST accepts, and the next page in the list is where a valid answer leads.
 *
 *   consent -> questionnaires (before) -> instructions (+ comprehension check) -> practice (+ feedback) -> trials -> questionnaires (after) -> debrief
 *
 * "Before" questionnaires use the first stepIndex values of the `questionnaires` step, "after" ones the following.
 */
import type { Experiment, PlannedTrial, TrialPlan } from '../../experiments/model.ts';
import type { ScaleDefinition } from '../../experiments/scales/index.ts';
import type { QuestionPage } from '../../experiments/questions/schema.ts';
import type { Step, StepPosition, TrialPhase } from '../store/index.ts';
import { scalesOf, type QuestionnaireEntry } from './scales.ts';
import { feedbackSchedule, type FeedbackAfter } from './feedback-schedule.ts';

interface PageBase {
  step: Step;
  stepIndex: number;
  /** `step:stepIndex`, carried by every form as `at` so a stale submission is recognised. */
  key: string;
}

export type Page =
  | (PageBase & { kind: 'consent' })
  | (PageBase & { kind: 'questionnaire'; scale: ScaleDefinition; when: 'before' | 'after' })
  | (PageBase & { kind: 'questions'; questions: QuestionPage; when: 'before' | 'after' })
  | (PageBase & { kind: 'instructions' })
  | (PageBase & { kind: 'comprehension' })
  | (PageBase & { kind: 'trial'; trial: PlannedTrial; practice: boolean; phase: TrialPhase; withAdvice: boolean; twoStage: boolean; number: number; total: number })
  | (PageBase & { kind: 'feedback'; trial: PlannedTrial; number: number; total: number })
  | (PageBase & { kind: 'outcome_feedback'; trial: PlannedTrial; feedback: FeedbackAfter; number: number; total: number })
  | (PageBase & { kind: 'debrief' });

export type TrialPage = Extract<Page, { kind: 'trial' }>;

export function positionKey(p: StepPosition): string {
  return `${p.step}:${p.stepIndex}`;
}

/**
 * The pages of a plan are kept with the plan object (plans are immutable and the store and plan.ts keep recent ones):
 * rebuilding the list on every request showed in the submission profile.
 */
const pagesByPlan = new WeakMap<TrialPlan, { exp: Experiment; pages: readonly Page[] }>();

export function pagesOf(exp: Experiment, plan: TrialPlan): readonly Page[] {
  const kept = pagesByPlan.get(plan);
  if (kept && kept.exp === exp) return kept.pages;
  const pages = buildPages(exp, plan);
  pagesByPlan.set(plan, { exp, pages });
  return pages;
}

function buildPages(exp: Experiment, plan: TrialPlan): readonly Page[] {
  const pages: Page[] = [];
  const counters = new Map<Step, number>();
  const add = <P extends Omit<Page, keyof PageBase>>(step: Step, rest: P) => {
    const stepIndex = counters.get(step) ?? 0;
    counters.set(step, stepIndex + 1);
    pages.push({ step, stepIndex, key: positionKey({ step, stepIndex }), ...rest } as Page);
  };
  const twoStage = exp.file.procedure.paradigm === 'two_stage';
  const scales = scalesOf(exp);

  add('consent', { kind: 'consent' });
  const questionnaire = (entry: QuestionnaireEntry, when: 'before' | 'after') =>
    entry.kind === 'scale'
      ? add('questionnaires', { kind: 'questionnaire', scale: entry.scale, when })
      : add('questionnaires', { kind: 'questions', questions: entry.page, when });
  for (const entry of scales.before) questionnaire(entry, 'before');
  add('instructions', { kind: 'instructions' });
  // The comprehension check is the second page of the instructions step (instructions:1): no new step in the store.
  if (exp.file.procedure.comprehension) add('instructions', { kind: 'comprehension' });

  const trialPages = (trial: PlannedTrial, practice: boolean, number: number, total: number) => {
    const step: Step = practice ? 'practice' : 'trials';
    // Attention checks have advice like their neighbours; a trial without advice has one phase.
    const withAdvice = trial.advice !== null;
    if (twoStage && withAdvice) {
      add(step, { kind: 'trial', trial, practice, phase: 'initial', withAdvice: false, twoStage, number, total });
      add(step, { kind: 'trial', trial, practice, phase: 'final', withAdvice: true, twoStage, number, total });
    } else {
      add(step, { kind: 'trial', trial, practice, phase: 'final', withAdvice, twoStage: false, number, total });
    }
  };
  plan.practice.forEach((trial, i) => {
    trialPages(trial, true, i + 1, plan.practice.length);
    if (exp.file.procedure.practice.feedback) add('practice', { kind: 'feedback', trial, number: i + 1, total: plan.practice.length });
  });
  const feedback = feedbackSchedule(exp, plan);
  plan.trials.forEach((trial, i) => {
    trialPages(trial, false, i + 1, plan.trials.length);
    const after = feedback.get(i);
    if (after) add('trials', { kind: 'outcome_feedback', trial, feedback: after, number: i + 1, total: plan.trials.length });
  });

  for (const entry of scales.after) questionnaire(entry, 'after');
  add('debrief', { kind: 'debrief' });
  return pages;
}

export function pageAt(pages: readonly Page[], position: StepPosition): Page | undefined {
  const key = positionKey(position);
  return pages.find((p) => p.key === key);
}

/** The page after `page` (the debrief is last and has no successor). */
export function pageAfter(pages: readonly Page[], page: Page): Page | undefined {
  const i = pages.findIndex((p) => p.key === page.key);
  return i >= 0 ? pages[i + 1] : undefined;
}
