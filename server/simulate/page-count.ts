/**
 * How many pages a participant answers in this experiment (consent to the last questionnaire; the debrief has no
 * form), from the same page list the server walks. Drop-outs choose their leaving point in this range.
 */
import type { Experiment } from '../../experiments/model.ts';
import { pagesOf } from '../participant/pages.ts';
import { assignmentOptions, planForCondition } from '../participant/plan.ts';

export function expectedPageCount(experiment: Experiment): number {
  const option = assignmentOptions(experiment)[0];
  const plan = planForCondition(experiment, 'simulated-participant-00', option);
  return pagesOf(experiment, plan).length - 1;
}
