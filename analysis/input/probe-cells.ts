/**
 * The in-task trust probe's optional columns of the trial CSV (`trust_rating`, `self_confidence_rating`; written by the
 * export when the study asks a probe, server/store/tidy/trust-probe-columns.ts): a positive integer, or empty on trials
 * without the probe. Anything else is a problem with its line and column.
 */
import type { CsvProblems, CsvRecord } from './csv-records.ts';
import type { TrialRow } from './trial-row.ts';
import { SELF_CONFIDENCE_RATING_COLUMN, TRUST_RATING_COLUMN } from '../../server/store/tidy/trust-probe-columns.ts';

export interface ProbePositions {
  trust: number;
  selfConfidence: number;
}

/** Positions of the probe columns in the header; null when the file has neither. */
export function probePositions(columns: ReadonlyMap<string, number>): ProbePositions | null {
  const trust = columns.get(TRUST_RATING_COLUMN) ?? -1;
  const selfConfidence = columns.get(SELF_CONFIDENCE_RATING_COLUMN) ?? -1;
  return trust === -1 && selfConfidence === -1 ? null : { trust, selfConfidence };
}

/** Sets the row's ratings from its probe cells (null when empty). */
export function readProbeCells(record: CsvRecord, at: ProbePositions, row: TrialRow, problems: CsvProblems): void {
  row.trustRating = rating(record, at.trust, TRUST_RATING_COLUMN, problems);
  row.selfConfidenceRating = rating(record, at.selfConfidence, SELF_CONFIDENCE_RATING_COLUMN, problems);
}

function rating(record: CsvRecord, position: number, column: string, problems: CsvProblems): number | null {
  if (position === -1) return null;
  const cell = record.fields[position].trim();
  if (cell === '') return null;
  if (!/^\d{1,3}$/.test(cell) || Number(cell) < 1) {
    problems.add(record.line, column, `expected a rating (a whole number from 1), got "${cell}"`);
    return null;
  }
  return Number(cell);
}
