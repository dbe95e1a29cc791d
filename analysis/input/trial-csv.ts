import type { Readable } from 'node:stream';
import { readCsvRecords, CsvProblems, type CsvRecord } from './csv-records.ts';
import type { TrialRow } from './trial-row.ts';

/**
 * The columns of the trial CSV (METRICS.md section 5), in the order `confiance export` writes them.
 * Extra columns in a file are kept and ignored; `exclusion_reason` is read when present to say why a trial is excluded.
 */
export const TRIAL_CSV_COLUMNS = [
  { name: 'participant_id', required: true, content: 'any string' },
  { name: 'condition', required: true, content: 'any string' },
  { name: 'trial_index', required: true, content: 'integer, order within the participant' },
  { name: 'case_id', required: true, content: 'any string' },
  { name: 'truth', required: true, content: 'label, or number for numeric tasks' },
  { name: 'ai_advice', required: true, content: 'label or number' },
  { name: 'ai_confidence', required: false, content: 'number in [0, 1], empty when not shown' },
  { name: 'initial', required: false, content: 'label or number; empty in one-stage designs' },
  { name: 'final', required: true, content: 'label or number' },
  { name: 'initial_rt_ms', required: false, content: 'integer' },
  { name: 'final_rt_ms', required: false, content: 'integer' },
  { name: 'excluded', required: false, content: '1 to leave the trial out; empty or 0 otherwise' },
] as const;

export type TrialCsvColumn = (typeof TRIAL_CSV_COLUMNS)[number]['name'];

/** Header names in export order, for writers of the format. */
export const TRIAL_CSV_HEADER: readonly TrialCsvColumn[] = TRIAL_CSV_COLUMNS.map((c) => c.name);

/** Optional column giving the reason of an exclusion (attention check, too fast...). */
export const EXCLUSION_REASON_COLUMN = 'exclusion_reason';

const REQUIRED = TRIAL_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);

/**
 * Streams the trials of a CSV file, validated row by row. Every problem is reported with its line and column;
 * the first ten problems are thrown together as a UserError after the read stops, so no partial result escapes.
 */
export async function* readTrialCsv(source: string | Readable, fileLabel = String(source)): AsyncGenerator<TrialRow> {
  const problems = new CsvProblems(fileLabel);
  for await (const record of readCsvRecords(source, fileLabel, REQUIRED)) {
    const row = parseTrialRecord(record, problems);
    if (problems.full) break;
    if (row !== undefined && problems.messages.length === 0) yield row;
  }
  problems.throwIfAny();
}

function parseTrialRecord(r: CsvRecord, problems: CsvProblems): TrialRow | undefined {
  const before = problems.messages.length;
  const required = (column: TrialCsvColumn): string => {
    const value = (r.cell(column) ?? '').trim();
    if (value === '') problems.add(r.line, column, 'required value is empty');
    return value;
  };
  const optional = (column: TrialCsvColumn): string | null => {
    const value = (r.cell(column) ?? '').trim();
    return value === '' ? null : value;
  };
  const integer = (column: TrialCsvColumn, value: string | null): number | null => {
    if (value === null || value === '') return null;
    if (!/^-?\d+$/.test(value)) {
      problems.add(r.line, column, `expected an integer, got "${value}"`);
      return null;
    }
    return Number(value);
  };

  const participantId = required('participant_id');
  const condition = required('condition');
  const trialIndexText = required('trial_index');
  const trialIndex = integer('trial_index', trialIndexText);
  const caseId = required('case_id');
  const truth = required('truth');
  const aiAdvice = required('ai_advice');
  const final = required('final');
  const aiConfidence = confidence(optional('ai_confidence'), r.line, problems);
  const initial = optional('initial');
  const initialRtMs = integer('initial_rt_ms', optional('initial_rt_ms'));
  const finalRtMs = integer('final_rt_ms', optional('final_rt_ms'));
  const excludedText = optional('excluded');
  if (excludedText !== null && excludedText !== '0' && excludedText !== '1') {
    problems.add(r.line, 'excluded', `expected 1, 0 or empty, got "${excludedText}"`);
  }
  const reason = (r.cell(EXCLUSION_REASON_COLUMN) ?? '').trim();
  if (problems.messages.length > before) return undefined;
  return {
    participantId,
    condition,
    trialIndex: trialIndex ?? 0,
    caseId,
    truth,
    aiAdvice,
    aiConfidence,
    initial,
    final,
    initialRtMs,
    finalRtMs,
    exclusion: excludedText === '1' ? reason || 'excluded column' : null,
    line: r.line,
  };
}

function confidence(value: string | null, line: number, problems: CsvProblems): number | null {
  if (value === null) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    problems.add(line, 'ai_confidence', `expected a number in [0, 1], got "${value}"`);
    return null;
  }
  return n;
}
