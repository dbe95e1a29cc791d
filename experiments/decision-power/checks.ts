/**
 * What zod cannot see about the decision-power settings: they need a task whose answers are labels (an override of a
 * numeric estimate has no clear meaning: every estimate differs from the advice), and `last_word: ai` needs the
 * one-stage paradigm (in two stages the agent's own first decision would come before the proposal to apply).
 */
import type { ExperimentFile } from '../schema.ts';
import type { Problem } from '../problems.ts';

export function checkDecisionPower(file: ExperimentFile): Problem[] {
  const problems: Problem[] = [];
  for (const [factor, { levels }] of Object.entries(file.factors)) {
    for (const [level, settings] of Object.entries(levels)) {
      const path = ['factors', factor, 'levels', level];
      if (settings.last_word === 'ai') {
        if (file.procedure.paradigm !== 'one_stage') {
          problems.push({
            path: [...path, 'last_word'],
            message: 'last_word "ai" needs procedure.paradigm "one_stage" (in two stages the agent decides before seeing the proposal to apply)',
          });
        }
        if (file.task.type === 'numeric') {
          problems.push({
            path: [...path, 'last_word'],
            message: 'last_word "ai" needs a binary or categorical task (overriding a numeric estimate is not defined)',
          });
        }
      }
      if (settings.justify_overrides !== undefined && file.task.type === 'numeric') {
        problems.push({
          path: [...path, 'justify_overrides'],
          message: 'justify_overrides needs a binary or categorical task (every numeric estimate differs from the advice)',
        });
      }
    }
  }
  return problems;
}
