/**
 * The trial CSV columns of a study with decision-power conditions (last_word, justify_overrides), appended after the
 * other extra columns. `justification` is free text written by the participant: personal data, exported like any
 * other text cell (csv-cell.ts neutralises a leading = + - @), and erased with the participant's trial records.
 */
import type { TrialRecord } from '../index.ts';
import type { CellValue } from './csv-cell.ts';

export const DECISION_POWER_COLUMNS = [
  'last_word',
  'overridden',
  'justify_min_chars',
  'justification',
  'justification_chars',
  'justification_ms',
] as const;

/** The cells of DECISION_POWER_COLUMNS for a trial's final decision (empty where the trial had no such setting). */
export function decisionPowerCells(final: TrialRecord): CellValue[] {
  return [
    final.lastWord ?? null,
    final.overridden === undefined ? null : final.overridden ? 1 : 0,
    final.justifyMinChars ?? null,
    final.justification ?? null,
    final.justificationChars ?? null,
    final.justificationMs === undefined ? null : Math.round(final.justificationMs),
  ];
}
