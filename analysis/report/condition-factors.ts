/**
 * The factors behind factorial condition names. Confiance names a factorial condition by joining its levels with
 * "+" in factor order (`none+outil`, `rationale+autorite`, ...). When every condition splits into the same number
 * (two or more) of parts and the conditions are exactly the full crossing of the levels seen in each position, the
 * design is factorial; the control's levels are the reference levels. Anything else is read as one flat factor.
 */
export interface ConditionFactor {
  /** A name usable as an R variable (from the experiment file when given, else factor1, factor2, ...). */
  name: string;
  /** Levels in order of first appearance. */
  levels: string[];
  /** The control condition's level: the reference of treatment contrasts. */
  reference: string;
}

export const LEVEL_SEPARATOR = '+';

export function conditionFactors(
  conditions: readonly string[],
  control: string,
  names: readonly string[] = [],
): ConditionFactor[] | null {
  if (conditions.length < 2) return null;
  const split = conditions.map((c) => c.split(LEVEL_SEPARATOR));
  const width = split[0].length;
  if (width < 2 || split.some((parts) => parts.length !== width || parts.some((p) => p === ''))) return null;
  const levels = Array.from({ length: width }, (_, i) => [...new Set(split.map((parts) => parts[i]))]);
  const cells = levels.reduce((product, l) => product * l.length, 1);
  if (cells !== new Set(conditions).size || levels.some((l) => l.length < 2)) return null;
  const reference = control.split(LEVEL_SEPARATOR);
  return levels.map((l, i) => ({ name: rName(names[i], i), levels: l, reference: reference[i] }));
}

/** A syntactic R name: letters, digits, `_` and `.`, starting with a letter. */
function rName(name: string | undefined, index: number): string {
  const cleaned = (name ?? '').replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z]/.test(cleaned)) return `factor${index + 1}`;
  return SCRIPT_COLUMNS.has(cleaned) ? `${cleaned}_factor` : cleaned;
}

/** Columns the R script reads or derives: a factor must not overwrite them. */
const SCRIPT_COLUMNS = new Set([
  'participant_id', 'condition', 'trial_index', 'case_id', 'truth', 'ai_advice', 'ai_confidence', 'initial', 'final',
  'excluded', 'ai_correct', 'ai_correct_c', 'follow', 'stay', 'has_initial', 'initial_correct', 'trial_z',
]);
