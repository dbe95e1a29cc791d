/**
 * Reads a case bank (CSV or JSON) into rows of cells that remember their line and column, so that every problem
 * found later names the case-bank file, line and column.
 */
import { parse } from 'csv-parse/sync';
import { parseSource } from './yaml-positions.ts';

export interface Cell {
  /** As written: CSV gives strings; JSON may give numbers or booleans. Empty cells are absent from the row. */
  value: string | number | boolean;
  line: number;
  col: number;
}

export interface Row {
  /** 1-based line where the row starts. */
  line: number;
  cells: Map<string, Cell>;
}

export interface RowsResult {
  /** Column names in file order (CSV header, or the keys of the JSON objects in order of appearance). */
  columns: string[];
  /** Where each column is named: its header cell (CSV) or its first key (JSON). */
  columnAt: Map<string, { line: number; col: number }>;
  rows: Row[];
  /** Syntax problems: the file cannot be read as a table. */
  errors: { line: number; col: number; message: string }[];
}

export function readRows(text: string, format: 'csv' | 'json'): RowsResult {
  return format === 'csv' ? readCsv(text) : readJson(text);
}

function readCsv(text: string): RowsResult {
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, raw: true, bom: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number; code?: string };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse reports the end of the file; the researcher needs the quote that was opened and never closed.
      const at = lastOpeningQuote(text);
      return { columns: [], columnAt: new Map(), rows: [], errors: [{ ...at, message: 'a quote (") opened here is never closed' }] };
    }
    const message = (e.message ?? String(err)).replace(/^Invalid Record Length: /, 'wrong number of cells: ');
    return { columns: [], columnAt: new Map(), rows: [], errors: [{ line: e.lines ?? 1, col: 1, message }] };
  }
  if (records.length === 0) return { columns: [], columnAt: new Map(), rows: [], errors: [] };
  const [header, ...body] = records;
  const columns = header.record.map((c) => c.trim());
  const headerStarts = fieldStarts(header.raw.replace(/\r?\n$/, ''), 1);
  const columnAt = new Map(columns.map((c, i) => [c, headerStarts[i] ?? { line: 1, col: 1 }] as const));
  const rows: Row[] = body.map(({ record, raw, info }) => {
    const rawRecord = raw.replace(/\r?\n$/, '');
    const startLine = info.lines - (rawRecord.match(/\n/g)?.length ?? 0);
    const starts = fieldStarts(rawRecord, startLine);
    const cells = new Map<string, Cell>();
    record.forEach((value, i) => {
      if (value.trim() === '' || columns[i] === undefined) return;
      cells.set(columns[i], { value, line: starts[i]?.line ?? startLine, col: starts[i]?.col ?? 1 });
    });
    return { line: startLine, cells };
  });
  return { columns, columnAt, rows, errors: [] };
}

/** Line and column where each field of a raw CSV record starts (RFC 4180 quotes may hold commas and newlines). */
function fieldStarts(raw: string, startLine: number): { line: number; col: number }[] {
  const starts = [{ line: startLine, col: 1 }];
  let line = startLine;
  let col = 1;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\n') {
      line++;
      col = 1;
      continue;
    }
    col++;
    if (ch === ',' && !quoted) starts.push({ line, col });
  }
  return starts;
}

function lastOpeningQuote(text: string): { line: number; col: number } {
  let line = 1;
  let col = 1;
  let quoted = false;
  let opened = { line: 1, col: 1 };
  for (const ch of text) {
    if (ch === '"') {
      if (!quoted) opened = { line, col };
      quoted = !quoted;
    }
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return opened;
}

function readJson(text: string): RowsResult {
  const source = parseSource(text);
  if (source.syntaxErrors.length > 0) return { columns: [], columnAt: new Map(), rows: [], errors: source.syntaxErrors };
  if (!Array.isArray(source.value)) {
    const { line, col } = source.locate([]);
    return { columns: [], columnAt: new Map(), rows: [], errors: [{ line, col, message: 'a JSON case bank must be an array of objects' }] };
  }
  const columns: string[] = [];
  const columnAt = new Map<string, { line: number; col: number }>();
  const rows: Row[] = [];
  const errors: RowsResult['errors'] = [];
  source.value.forEach((item: unknown, index: number) => {
    const at = source.locate([index]);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ ...at, message: `case ${index + 1}: expected an object, found ${Array.isArray(item) ? 'a list' : typeof item}` });
      return;
    }
    const cells = new Map<string, Cell>();
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (!columns.includes(key)) {
        columns.push(key);
        columnAt.set(key, source.locate([index, key], true));
      }
      if (value === null || value === '') continue;
      const pos = source.locate([index, key]);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') cells.set(key, { value, ...pos });
      else errors.push({ ...pos, message: `${key}: expected a text, a number or true/false, found ${Array.isArray(value) ? 'a list' : 'an object'}` });
    }
    rows.push({ line: at.line, cells });
  });
  return { columns, columnAt, rows, errors };
}
