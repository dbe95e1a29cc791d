/**
 * The decision-power columns of a trial CSV (server/store/tidy/decision-power-cells.ts writes them): read when the
 * header has `last_word`, validated with the line and column. A row with an empty `last_word` had no such setting.
 */
import type { CsvProblems, CsvRecord } from './csv-records.ts';
import type { DecisionPowerCells } from './trial-row.ts';

export interface DecisionPowerPositions {
  lastWord: number;
  justifyMinChars: number;
  justificationChars: number;
  justificationMs: number;
}

/** The columns' positions, or null when the file has no `last_word` column (no decision-power data). */
export function decisionPowerPositions(columns: ReadonlyMap<string, number>): DecisionPowerPositions | null {
  const lastWord = columns.get('last_word');
  if (lastWord === undefined) return null;
  return {
    lastWord,
    justifyMinChars: columns.get('justify_min_chars') ?? -1,
    justificationChars: columns.get('justification_chars') ?? -1,
    justificationMs: columns.get('justification_ms') ?? -1,
  };
}

const cell = (r: CsvRecord, position: number): string => (position === -1 ? '' : r.fields[position].trim());

function count(r: CsvRecord, position: number, column: string, problems: CsvProblems): number | null {
  const text = cell(r, position);
  if (text === '') return null;
  if (!/^\d{1,12}$/.test(text)) {
    problems.add(r.line, column, `expected a whole number >= 0, got "${text}"`);
    return null;
  }
  return Number(text);
}

export function readDecisionPowerCells(r: CsvRecord, at: DecisionPowerPositions, problems: CsvProblems): DecisionPowerCells | null {
  const lastWord = cell(r, at.lastWord);
  if (lastWord === '') return null;
  if (lastWord !== 'agent' && lastWord !== 'ai') {
    problems.add(r.line, 'last_word', `expected agent, ai or empty, got "${lastWord}"`);
    return null;
  }
  return {
    lastWord,
    justifyMinChars: count(r, at.justifyMinChars, 'justify_min_chars', problems),
    justificationChars: count(r, at.justificationChars, 'justification_chars', problems),
    justificationMs: count(r, at.justificationMs, 'justification_ms', problems),
  };
}
