import type { Readable } from 'node:stream';
import { readCsvBatches, CsvProblems, type CsvRecord } from './csv-records.ts';
import type { TrialRow } from './trial-row.ts';
import { wherePositions, type RowCondition } from './row-filter.ts';
import { probePositions, readProbeCells } from './probe-cells.ts';
import { adviceRequestCells, adviceRequestPositions } from './advice-request-cells.ts';
import { decisionPowerPositions, readDecisionPowerCells } from './decision-power-cells.ts';
import { trialLineParser } from './trial-line-parser.ts';
import { TrialBatchBuilder, TrialIds, trialBatchOf, rowsOfBatch, type TrialBatch } from './trial-batch.ts';

import {
  TRIAL_CSV_COLUMNS,
  TRIAL_CSV_HEADER,
  EXCLUSION_REASON_COLUMN,
  type TrialCsvColumn,
} from '../../server/store/tidy/columns.ts';

// The format is defined by the store layer that writes it (server/store/tidy/columns.ts); readers import it from here too.
export { TRIAL_CSV_COLUMNS, TRIAL_CSV_HEADER, EXCLUSION_REASON_COLUMN, type TrialCsvColumn };

const REQUIRED = TRIAL_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);

export interface TrialCsvOptions {
  /** `--where column=value`: only rows where every condition holds are read (the others are not data here). */
  where?: readonly RowCondition[];
  /** `--factors`: when the file has a column for every factor, each row's levels are read from them. */
  factors?: readonly string[];
  /** `--group-by`: compare the groups this column defines instead of the conditions (its value replaces `condition`). */
  groupBy?: string;
  /** Called with the number of rows left out by `where`, when the file is read. */
  onFiltered?: (rows: number) => void;
}

/**
 * Streams the trials of a CSV file, validated row by row, in batches of columns (one per read chunk). Every problem is
 * reported with its line and column; up to ten problems are thrown together as one UserError and no batch is yielded
 * after the first problem, so no partial result escapes. Rows failing a `where` condition are skipped before
 * validation. A file read as it stands (no --where, --factors or --group-by, no manipulation column) is read straight
 * into columns (trial-line-parser.ts), its other lines (excluded trials, quoted fields...) through the general path
 * and put back in their place; otherwise each batch keeps its rows (TrialBatch.rows) for the manipulations' cells.
 * A batch is valid until the next one is asked for: the direct path reads the next lines into the same columns.
 */
export async function* readTrialBatches(
  source: string | Readable,
  fileLabel = String(source),
  options: TrialCsvOptions = {},
): AsyncGenerator<TrialBatch> {
  const problems = new CsvProblems(fileLabel);
  const ids = new TrialIds();
  let filtered = 0;
  const direct = (options.where ?? []).length === 0 && (options.factors ?? []).length === 0 && options.groupBy === undefined;
  // The direct path reads the columns of the base format only: a file with the optional columns of a manipulation (trust
  // probe, advice on request, decision power) is read through the full path, which reads those cells too.
  let parsed: TrialBatchBuilder | undefined;
  const lineParser = direct
    ? (columns: ReadonlyMap<string, number>, width: number) => {
        if (hasManipulationColumns(columns)) return undefined;
        parsed = new TrialBatchBuilder(ids, 1 << 14);
        return trialLineParser(columnPositions(columns), width, parsed);
      }
    : undefined;
  for await (const batch of readCsvBatches(source, fileLabel, REQUIRED, lineParser)) {
    const at = columnPositions(batch.columns);
    const where = wherePositions(options.where ?? [], batch.columns, fileLabel);
    const factorAt = factorPositions(options.factors ?? [], batch.columns);
    const probeAt = probePositions(batch.columns);
    const requestAt = adviceRequestPositions(batch.columns);
    const powerAt = decisionPowerPositions(batch.columns);
    const groupAt = options.groupBy === undefined ? -1 : wherePositions([{ column: options.groupBy, value: '' }], batch.columns, fileLabel)[0].position;
    const rows: TrialRow[] = [];
    // Direct path: the lines read straight into `parsed` come first up to each record's place among them.
    const merged = parsed !== undefined && batch.records.length > 0 ? new TrialBatchBuilder(ids, parsed.length + batch.records.length) : undefined;
    const firstParsed = batch.parsedLines - (parsed?.length ?? 0);
    let copied = 0;
    for (const record of batch.records) {
      if (where.length > 0 && !where.every((w) => cellAt(record, w.position) === w.value)) {
        filtered++;
        continue;
      }
      const row = parseTrialRecord(record, at, problems);
      if (problems.full) break;
      if (row !== undefined) {
        if (factorAt !== null) row.levels = factorLevels(record, factorAt, options.factors!, problems);
        if (groupAt !== -1) row.condition = groupCell(record, groupAt, options.groupBy!, problems);
        if (probeAt !== null) readProbeCells(record, probeAt, row, problems);
        if (requestAt !== null) Object.assign(row, adviceRequestCells(record, requestAt, problems));
        if (powerAt !== null) row.decisionPower = readDecisionPowerCells(record, powerAt, problems);
        if (merged === undefined) rows.push(row);
        else {
          for (const upTo = record.parsedBefore - firstParsed; copied < upTo; copied++) merged.addFrom(parsed!, copied);
          merged.addRow(row);
        }
      }
    }
    if (problems.full) break;
    if (problems.messages.length > 0) continue;
    if (merged !== undefined) {
      for (; copied < parsed!.length; copied++) merged.addFrom(parsed!, copied);
      parsed!.take(null, true);
      yield merged.take();
    } else if (parsed !== undefined) yield parsed.take(null, true);
    else yield trialBatchOf(rows, ids);
  }
  problems.throwIfAny();
  options.onFiltered?.(filtered);
}

/** The trials of a CSV file as rows, in batches (readTrialBatches's, as TrialRow objects). */
export async function* readTrialCsv(
  source: string | Readable,
  fileLabel = String(source),
  options: TrialCsvOptions = {},
): AsyncGenerator<TrialRow[]> {
  for await (const batch of readTrialBatches(source, fileLabel, options)) yield rowsOfBatch(batch);
}

/** Whether the header has a column one of the manipulations' readers needs (read only on the full path). */
function hasManipulationColumns(columns: ReadonlyMap<string, number>): boolean {
  return probePositions(columns) !== null || adviceRequestPositions(columns) !== null || decisionPowerPositions(columns) !== null;
}

/**
 * Columns of the `--factors`: when the header has a column for every factor, their positions; otherwise null, and the
 * levels come from the condition names (level names joined by "+", the experiment file's rule). A column that only
 * shares a factor's name (the export's `explanation` column is the explanation type shown) is then not used.
 */
function factorPositions(factors: readonly string[], columns: ReadonlyMap<string, number>): number[] | null {
  if (factors.length === 0 || !factors.every((f) => columns.has(f))) return null;
  return factors.map((f) => columns.get(f)!);
}

function groupCell(r: CsvRecord, position: number, column: string, problems: CsvProblems): string {
  const group = cellAt(r, position);
  if (group === '') problems.add(r.line, column, 'empty value in the --group-by column');
  return group;
}

function factorLevels(r: CsvRecord, positions: readonly number[], factors: readonly string[], problems: CsvProblems): string[] {
  return positions.map((position, i) => {
    const level = cellAt(r, position);
    if (level === '') problems.add(r.line, factors[i], 'the level of this factor is empty');
    return level;
  });
}

type Positions = Record<TrialCsvColumn | typeof EXCLUSION_REASON_COLUMN, number>;

function columnPositions(columns: ReadonlyMap<string, number>): Positions {
  const at = {} as Positions;
  for (const c of TRIAL_CSV_COLUMNS) at[c.name] = columns.get(c.name) ?? -1;
  at[EXCLUSION_REASON_COLUMN] = columns.get(EXCLUSION_REASON_COLUMN) ?? -1;
  return at;
}

/** Whether `value` is an optional minus sign then digits (what /^-?\d+$/ accepts), without a regular expression. */
function isInteger(value: string): boolean {
  const n = value.length;
  let i = n > 0 && value.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The trimmed cell of a column, '' when the column is absent. */
function cellAt(r: CsvRecord, position: number): string {
  if (position === -1) return '';
  const raw = r.fields[position];
  // Most cells have no surrounding spaces: skip the trim copy for them (a million rows).
  const n = raw.length;
  return n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32) ? raw.trim() : raw;
}

function requiredCell(r: CsvRecord, at: Positions, column: TrialCsvColumn, problems: CsvProblems): string {
  const value = cellAt(r, at[column]);
  if (value === '') problems.add(r.line, column, 'required value is empty');
  return value;
}

function integerCell(r: CsvRecord, column: TrialCsvColumn, value: string, problems: CsvProblems): number | null {
  if (value === '') return null;
  if (!isInteger(value)) {
    problems.add(r.line, column, `expected an integer, got "${value}"`);
    return null;
  }
  return Number(value);
}

/**
 * One record into a TrialRow, every problem reported. Plain valid lines are read by trial-line-parser.ts instead: a
 * field read here must be read there too (test/analysis/trial-line-parser.test.ts checks that both give the same rows).
 */
function parseTrialRecord(r: CsvRecord, at: Positions, problems: CsvProblems): TrialRow | undefined {
  const before = problems.messages.length;
  const participantId = requiredCell(r, at, 'participant_id', problems);
  const condition = requiredCell(r, at, 'condition', problems);
  const trialIndex = integerCell(r, 'trial_index', requiredCell(r, at, 'trial_index', problems), problems);
  const caseId = requiredCell(r, at, 'case_id', problems);
  const truth = requiredCell(r, at, 'truth', problems);
  const aiAdvice = requiredCell(r, at, 'ai_advice', problems);
  const final = requiredCell(r, at, 'final', problems);
  const aiConfidence = confidence(cellAt(r, at.ai_confidence), r.line, problems);
  const initial = cellAt(r, at.initial);
  const initialRtMs = integerCell(r, 'initial_rt_ms', cellAt(r, at.initial_rt_ms), problems);
  const finalRtMs = integerCell(r, 'final_rt_ms', cellAt(r, at.final_rt_ms), problems);
  const excluded = cellAt(r, at.excluded);
  if (excluded !== '' && excluded !== '0' && excluded !== '1') {
    problems.add(r.line, 'excluded', `expected 1, 0 or empty, got "${excluded}"`);
  }
  if (problems.messages.length > before) return undefined;
  return {
    participantId,
    condition,
    trialIndex: trialIndex ?? 0,
    caseId,
    truth,
    aiAdvice,
    aiConfidence,
    initial: initial === '' ? null : initial,
    final,
    initialRtMs,
    finalRtMs,
    exclusion:
      excluded === '1' ? cellAt(r, at[EXCLUSION_REASON_COLUMN]) || 'excluded in the input (no reason given)' : null,
    line: r.line,
  };
}

function confidence(value: string, line: number, problems: CsvProblems): number | null {
  if (value === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    problems.add(line, 'ai_confidence', `expected a number in [0, 1], got "${value}"`);
    return null;
  }
  return n;
}
