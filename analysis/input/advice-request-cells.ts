/**
 * The optional advice-on-request columns of the trial CSV (server/store/tidy/forcing-columns.ts): advice_requested
 * (1, 0, or empty on trials whose advice was not on request) and advice_request_ms (a non-negative integer, empty
 * when not asked). A wrong cell is reported with its line and column like the other cells.
 */
import type { CsvProblems, CsvRecord } from './csv-records.ts';
import type { TrialRow } from './trial-row.ts';

export interface AdviceRequestPositions {
  requested: number;
  ms: number;
}

/** Where the columns are, or null when the file has no advice_requested column. */
export function adviceRequestPositions(columns: ReadonlyMap<string, number>): AdviceRequestPositions | null {
  const requested = columns.get('advice_requested');
  return requested === undefined ? null : { requested, ms: columns.get('advice_request_ms') ?? -1 };
}

export function adviceRequestCells(r: CsvRecord, at: AdviceRequestPositions, problems: CsvProblems): Pick<TrialRow, 'adviceRequested' | 'adviceRequestMs'> {
  const requested = (r.fields[at.requested] ?? '').trim();
  const ms = at.ms === -1 ? '' : (r.fields[at.ms] ?? '').trim();
  if (requested !== '' && requested !== '0' && requested !== '1') problems.add(r.line, 'advice_requested', `expected 1, 0 or empty, got "${requested}"`);
  if (ms !== '' && !/^\d+$/.test(ms)) problems.add(r.line, 'advice_request_ms', `expected a non-negative integer (ms), got "${ms}"`);
  return {
    adviceRequested: requested === '1' ? true : requested === '0' ? false : null,
    adviceRequestMs: /^\d+$/.test(ms) ? Number(ms) : null,
  };
}
