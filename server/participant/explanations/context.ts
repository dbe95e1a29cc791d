import type { Experiment } from '../../../experiments/model.ts';
import type { Translator } from '../../i18n.ts';

/** What an explanation view needs besides its content: field labels and answer texts come from the experiment. */
export interface ExplanationViewContext {
  experiment: Experiment;
  tr: Translator;
}
