import type { StepModule } from '../context.ts';
import type { Page } from '../pages.ts';
import { consentStep } from './consent.ts';
import { questionnaireStep } from './questionnaire.ts';
import { questionsStep } from './questions.ts';
import { instructionsStep } from './instructions.ts';
import { comprehensionStep } from './comprehension.ts';
import { trialStep } from './trial.ts';
import { feedbackStep } from './feedback.ts';
import { outcomeFeedbackStep } from './outcome-feedback.ts';
import { debriefStep } from './debrief.ts';

/** The step module for each kind of page. */
export function stepFor(page: Page): StepModule<Page> {
  const steps = {
    consent: consentStep,
    questionnaire: questionnaireStep,
    questions: questionsStep,
    instructions: instructionsStep,
    comprehension: comprehensionStep,
    trial: trialStep,
    feedback: feedbackStep,
    outcome_feedback: outcomeFeedbackStep,
    debrief: debriefStep,
  } as const;
  return steps[page.kind] as StepModule<Page>;
}
