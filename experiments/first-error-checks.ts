/**
 * Checks of `first_error_at` (a factor-level setting): only with a simulated advisor, and at a position the error
 * schedule of each of its conditions can honour together with advisor.errors / advisor_errors, min_gap,
 * no_errors_in_first and no_errors_in_last. Each problem points at the level's `first_error_at` field.
 */
import type { Condition } from './model.ts';
import type { ExperimentFile } from './schema.ts';
import type { PathSegment, Problem } from './problems.ts';
import { scheduleConstraints } from './advice.ts';
import { firstErrorProblem } from './first-error-position.ts';

/** The level that sets `first_error_at` in a condition, as the path of that field. */
function firstErrorPath(file: ExperimentFile, condition: Condition): PathSegment[] | null {
  const from = Object.entries(condition.levels).find(([f, l]) => file.factors[f]?.levels[l]?.first_error_at !== undefined);
  return from ? ['factors', from[0], 'levels', from[1], 'first_error_at'] : null;
}

/** `first_error_at` with a case-bank advisor: the bank decides which advice is wrong. */
export function firstErrorWithCaseBank(file: ExperimentFile): Problem[] {
  return Object.entries(file.factors).flatMap(([factor, def]) =>
    Object.entries(def.levels)
      .filter(([, settings]) => settings.first_error_at !== undefined)
      .map(([level]) => ({
        path: ['factors', factor, 'levels', level, 'first_error_at'],
        message: 'first_error_at is used only with advisor.source "simulated" (with "case_bank" the bank decides which advice is wrong)',
      })),
  );
}

/** Whether the condition's first error fits its schedule of `errors` wrong among `n` trials; reported once per level. */
export function checkFirstErrorAt(file: ExperimentFile, condition: Condition, n: number, errors: number, reported: Set<string>): Problem[] {
  if (condition.firstErrorAt === undefined) return [];
  const path = firstErrorPath(file, condition);
  if (path === null) return [];
  const problem = firstErrorProblem(n, errors, scheduleConstraints(file.advisor), condition.firstErrorAt);
  const key = `${path.join('/')}|${errors}`;
  if (problem === null || reported.has(key)) return [];
  reported.add(key);
  return [{ path, message: `first error at trial ${condition.firstErrorAt} cannot be honoured in condition "${condition.id}" (${errors} wrong among ${n} trials): ${problem}` }];
}
