/**
 * Resolves the experiment's conditions from its factors: `factorial` crosses every level of every factor in the
 * order the factors are written (id = level names joined by "+"), or an explicit list names its levels. The settings
 * of the levels are merged; two levels setting the same key is an error, as is an unknown factor or level.
 */
import type { Condition } from './model.ts';
import type { ConditionSettings, ExperimentFile } from './schema.ts';
import type { Problem, PathSegment } from './problems.ts';
import { resolveTrustProbe } from './trust-probe.ts';

export interface ResolvedConditions {
  conditions: Condition[];
  control: string | null;
  problems: Problem[];
}

export function resolveConditions(file: ExperimentFile): ResolvedConditions {
  const problems: Problem[] = [];
  const factorNames = Object.keys(file.factors);
  const combos: { id: string; levels: Record<string, string>; path: PathSegment[] }[] = [];

  if (file.design.conditions === 'factorial') {
    if (factorNames.length === 0) {
      problems.push({ path: ['factors'], message: 'design.conditions is "factorial" but no factor is declared (declare at least one factor with one level)' });
    } else {
      let partial: Record<string, string>[] = [{}];
      for (const factor of factorNames) {
        const levels = Object.keys(file.factors[factor].levels);
        partial = partial.flatMap((combo) => levels.map((level) => ({ ...combo, [factor]: level })));
      }
      for (const levels of partial) combos.push({ id: factorNames.map((f) => levels[f]).join('+'), levels, path: ['design', 'conditions'] });
    }
  } else {
    file.design.conditions.forEach((explicit, i) => {
      const path: PathSegment[] = ['design', 'conditions', i];
      let ok = true;
      for (const [factor, level] of Object.entries(explicit.levels)) {
        if (!(factor in file.factors)) {
          problems.push({ path: [...path, 'levels', factor], atKey: true, message: `unknown factor "${factor}" (declared factors: ${factorNames.join(', ') || 'none'})` });
          ok = false;
        } else if (!(level in file.factors[factor].levels)) {
          const known = Object.keys(file.factors[factor].levels).join(', ');
          problems.push({ path: [...path, 'levels', factor], message: `unknown level "${level}" of factor "${factor}" (its levels: ${known})` });
          ok = false;
        }
      }
      for (const factor of factorNames) {
        if (!(factor in explicit.levels)) {
          problems.push({ path: [...path, 'levels'], message: `missing a level for factor "${factor}" (every condition sets every factor)` });
          ok = false;
        }
      }
      if (ok) combos.push({ id: explicit.id, levels: explicit.levels, path: [...path, 'id'] });
    });
  }

  const conditions: Condition[] = [];
  const seen = new Set<string>();
  const clashes = new Set<string>();
  for (const combo of combos) {
    if (seen.has(combo.id)) {
      problems.push({ path: combo.path, message: `duplicate condition id "${combo.id}"` });
      continue;
    }
    seen.add(combo.id);
    const merged = mergeSettings(file, combo.levels, combo.id, problems, clashes);
    if (merged) conditions.push(merged);
  }

  const control = pickControl(file, conditions, problems);
  return { conditions, control, problems };
}

/** Merges the levels' settings in factor order; a key set by two levels is reported, not silently overwritten. */
function mergeSettings(
  file: ExperimentFile,
  levels: Record<string, string>,
  id: string,
  problems: Problem[],
  clashes: Set<string>,
): Condition | null {
  const merged: ConditionSettings = {};
  const setBy = new Map<string, string>();
  let ok = true;
  for (const factor of Object.keys(file.factors)) {
    const level = levels[factor];
    const settings = file.factors[factor].levels[level];
    for (const [key, value] of Object.entries(settings) as [keyof ConditionSettings, unknown][]) {
      if (value === undefined) continue;
      const previous = setBy.get(key);
      if (previous !== undefined) {
        // Every combination with these two levels clashes the same way: report the pair once.
        const clash = `${previous}|${factor}|${level}|${key}`;
        ok = false;
        if (clashes.has(clash)) continue;
        clashes.add(clash);
        problems.push({
          path: ['factors', factor, 'levels', level, key],
          atKey: true,
          message: `"${key}" is also set by ${previous} (condition "${id}"); two levels of one condition cannot set the same setting`,
        });
        continue;
      }
      setBy.set(key, `factor "${factor}" level "${level}"`);
      (merged as Record<string, unknown>)[key] = value;
    }
  }
  if (!ok) return null;
  return {
    id,
    levels: { ...levels },
    explanation: merged.explanation ?? { type: 'none' },
    ...(merged.framing !== undefined && { framing: merged.framing }),
    ...(merged.advice_labels !== undefined && { adviceLabels: merged.advice_labels }),
    ...(merged.bonus !== undefined && { bonus: merged.bonus }),
    ...(merged.stated_accuracy !== undefined && { statedAccuracy: merged.stated_accuracy }),
    ...(merged.advisor_errors !== undefined && { advisorErrors: merged.advisor_errors }),
    ...(merged.time_limit_s !== undefined && { timeLimitS: merged.time_limit_s }),
    ...trustAndFirstError(file, merged),
    ...(merged.advice_timing !== undefined && { adviceTiming: merged.advice_timing }),
    ...(merged.outcome_feedback !== undefined && { outcomeFeedback: merged.outcome_feedback }),
    ...(merged.last_word !== undefined && { lastWord: merged.last_word }),
    ...(merged.justify_overrides !== undefined && { justifyOverrides: merged.justify_overrides }),
  };
}

/** `design.control`, else the condition named `none`, else the first. */
function pickControl(file: ExperimentFile, conditions: Condition[], problems: Problem[]): string | null {
  const ids = conditions.map((c) => c.id);
  if (file.design.control !== undefined) {
    if (ids.includes(file.design.control)) return file.design.control;
    problems.push({ path: ['design', 'control'], message: `"${file.design.control}" is not a condition (conditions: ${ids.join(', ')})` });
    return null;
  }
  if (ids.includes('none')) return 'none';
  return ids[0] ?? null;
}

/** The in-task trust probe (level, else procedure) and the first error's position of a condition. */
function trustAndFirstError(file: ExperimentFile, merged: ConditionSettings): Pick<Condition, 'trustProbe' | 'firstErrorAt'> {
  const trustProbe = resolveTrustProbe(merged.trust_probe, file.procedure.trust_probe);
  return { ...(trustProbe !== undefined && { trustProbe }), ...(merged.first_error_at !== undefined && { firstErrorAt: merged.first_error_at }) };
}
