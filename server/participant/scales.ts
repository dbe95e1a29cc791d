import type { Experiment } from '../../experiments/model.ts';
import { bundledScale, scaleFromCustom, type ScaleDefinition } from '../../experiments/scales/index.ts';

/** The questionnaires of an experiment, resolved to full scale definitions (bundled by name, or custom). */
export function scalesOf(exp: Experiment): { before: ScaleDefinition[]; after: ScaleDefinition[] } {
  const resolve = (ref: Experiment['file']['questionnaires']['before'][number]) =>
    typeof ref === 'string' ? bundledScale(ref) : scaleFromCustom(ref);
  return { before: exp.file.questionnaires.before.map(resolve), after: exp.file.questionnaires.after.map(resolve) };
}
