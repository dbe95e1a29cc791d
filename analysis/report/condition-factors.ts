import type { AnalysisResult } from '../result.ts';

/**
 * The factors of a factorial design as the R script codes them: one column per factor, with an R-safe name, its
 * levels, the control condition's level as the reference of treatment contrasts, and each condition's level.
 * Read from the analysis result's design (the experiment file, or `--factors`), so the script crosses exactly the
 * factors the report analyses.
 */
export interface ConditionFactor {
  /** A syntactic R name, never one of the columns the script reads or derives. */
  name: string;
  levels: string[];
  reference: string;
  /** condition -> this factor's level. */
  levelOf: Record<string, string>;
}

/** The design's factors, or null when the conditions are one flat factor (fewer than two factors, or a level missing). */
export function conditionFactors(result: AnalysisResult): ConditionFactor[] | null {
  const design = result.design;
  if (design === undefined || design.factors.length < 2) return null; // one factor is the condition itself
  const levels = design.condition_levels;
  const conditions = result.conditions.map((c) => c.condition);
  if (conditions.some((c) => levels[c] === undefined) || levels[result.control] === undefined) return null;
  const used = new Set<string>();
  return design.factors.map((factor, i) => {
    let name = rName(factor.name, i);
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    return {
      name,
      levels: factor.levels,
      reference: levels[result.control][factor.name],
      levelOf: Object.fromEntries(conditions.map((c) => [c, levels[c][factor.name]])),
    };
  });
}

/** A syntactic R name: letters, digits, `_` and `.`, starting with a letter. */
function rName(name: string, index: number): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z]/.test(cleaned)) return `factor${index + 1}`;
  return SCRIPT_COLUMNS.has(cleaned) ? `${cleaned}_factor` : cleaned;
}

/** Columns the R script reads or derives: a factor must not overwrite them. */
const SCRIPT_COLUMNS = new Set([
  'participant_id', 'condition', 'trial_index', 'case_id', 'truth', 'ai_advice', 'ai_confidence', 'initial', 'final',
  'excluded', 'ai_correct', 'ai_correct_c', 'follow', 'stay', 'has_initial', 'initial_correct', 'trial_z', 'd',
]);
