/**
 * Loads the case bank next to the experiment file and checks it against the file: required columns, numbers in
 * numeric columns, truths and AI recommendations that the task declares, unique case ids. Every problem names the
 * case-bank file, line and column (or the `cases.file` field when the bank cannot be read at all).
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Case } from './model.ts';
import { LANGUAGES, type ExperimentFile, type Language } from './schema.ts';
import { languageColumn } from './case-text.ts';
import type { Problem } from './problems.ts';
import { forbiddenCharacterIn } from './control-characters.ts';
import { MAX_CASE_BANK_BYTES, tooLarge } from './file-limits.ts';
import { readRows, type Cell, type Row } from './case-bank-rows.ts';

export interface CaseBank {
  /** Absolute path of the case-bank file. */
  path: string;
  /** The file's bytes (part of the configHash), null when it could not be read. */
  bytes: Buffer | null;
  columns: string[];
  cases: Case[];
  problems: Problem[];
}

const NUMERIC_FORMATS = new Set(['integer', 'decimal', 'percent', 'euros']);
const FLAG_COLUMNS = ['attention_check', 'practice'] as const;
const KNOWN_AI_COLUMNS = new Set(['ai_recommendation', 'ai_confidence', 'ai_base']);
/** Past this many, more problems of the case bank are summarised in one line rather than listed. */
const MAX_PROBLEMS = 50;

/** The parts of the experiment file that the case bank is read against. */
export type CaseBankContext = Pick<ExperimentFile, 'task' | 'display' | 'cases' | 'advisor'>;

export async function loadCaseBank(file: CaseBankContext, dir: string): Promise<CaseBank> {
  const path = resolve(dir, file.cases.file);
  const atField = (message: string): CaseBank => ({
    path,
    bytes: null,
    columns: [],
    cases: [],
    problems: [{ path: ['cases', 'file'], message }],
  });
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') return atField(`the case bank must be a .csv or .json file, found "${file.cases.file}"`);
  const oversized = await tooLarge(path, MAX_CASE_BANK_BYTES, 'the case bank');
  if (oversized) return atField(`${oversized} (${path})`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return atField(`case bank not found: ${path} (the path is relative to the experiment file)`);
    return atField(`case bank cannot be read: ${path} (${code ?? String(err)})`);
  }
  const bank: CaseBank = { path, bytes, columns: [], cases: [], problems: [] };
  const inBank = (line: number, col: number, path: (string | number)[], message: string): void => {
    bank.problems.push({ file: bank.path, line, col, path, message });
  };
  const text = decodeUtf8(bytes);
  if (text === null) {
    const line = firstInvalidUtf8Line(bytes);
    inBank(line, 1, [], 'the case bank is not UTF-8 text (save it as "CSV UTF-8" from a spreadsheet)');
    return bank;
  }
  if (text.trim() === '') {
    inBank(1, 1, [], 'the case bank is empty');
    return bank;
  }
  const { columns, columnAt, rows, errors } = readRows(text, ext === '.csv' ? 'csv' : 'json');
  bank.columns = columns;
  for (const e of errors) inBank(e.line, e.col, [], e.message);
  if (errors.length > 0) return bank;
  for (const c of columns) {
    const found = forbiddenCharacterIn(c);
    if (found) inBank(columnAt.get(c)?.line ?? 1, columnAt.get(c)?.col ?? 1, [c], `the column name contains ${found}: remove it`);
  }
  for (const row of rows)
    for (const [column, cell] of row.cells) {
      const found = typeof cell.value === 'string' ? forbiddenCharacterIn(cell.value) : null;
      if (found) inBank(cell.line, cell.col, [column], `contains ${found}: remove it (it would be invisible on the pages and in exports)`);
    }
  if (bank.problems.length > 0) return bank;
  if (rows.length === 0) {
    inBank(1, 1, [], 'the case bank has no cases (only a header)');
    return bank;
  }

  // A text field may be written once (`secteur`) or per language (`secteur_fr`, `secteur_en`).
  const perLanguage = new Set(
    file.display.fields
      .filter((f) => !NUMERIC_FORMATS.has(f.format) && !columns.includes(f.key) && LANGUAGES.some((l) => columns.includes(languageColumn(f.key, l))))
      .map((f) => f.key),
  );
  const required = ['case_id', 'truth', ...file.display.fields.map((f) => f.key).filter((k) => !perLanguage.has(k))];
  if (file.advisor.source === 'case_bank') required.push('ai_recommendation');
  if (ext === '.csv' && columns.length === 1 && columns[0].includes(';')) {
    // A French spreadsheet's default CSV export: every header lands in one column.
    inBank(1, 1, [], 'the columns are separated by ";": Confiance reads comma-separated files (RFC 4180); export as "CSV UTF-8 (comma delimited)"');
    return bank;
  }
  const missingColumns = required.filter((c) => !columns.includes(c));
  for (const c of missingColumns) {
    const why =
      c === 'ai_recommendation'
        ? 'advisor.source is case_bank, so every case needs ai_recommendation'
        : c === 'case_id' || c === 'truth'
          ? 'every case bank needs case_id and truth'
          : `display.fields declares "${c}" (a text field may also be written per language: ${c}_fr, ${c}_en)`;
    inBank(1, 1, [c], `missing column (${why})`);
  }
  const fieldKeys = new Set(file.display.fields.map((f) => f.key));
  for (const c of columns) {
    const { line, col } = columnAt.get(c) ?? { line: 1, col: 1 };
    if (c.startsWith('contrib_') && !fieldKeys.has(c.slice('contrib_'.length)))
      inBank(line, col, [c], `contribution column for "${c.slice(8)}", which is not a display field (${[...fieldKeys].join(', ')})`);
    if (c.startsWith('ai_') && !KNOWN_AI_COLUMNS.has(c))
      inBank(line, col, [c], `unknown AI column (expected ${[...KNOWN_AI_COLUMNS].join(', ')})`);
  }

  const seen = new Map<string, number>();
  for (const row of rows) {
    const built = buildCase(file, row, missingColumns, inBank);
    if (built === null) continue;
    const first = seen.get(built.id);
    if (first !== undefined) {
      const cell = row.cells.get('case_id') as Cell;
      inBank(cell.line, cell.col, ['case_id'], `duplicate case id "${built.id}" (first on line ${first})`);
      continue;
    }
    seen.set(built.id, row.line);
    bank.cases.push(built);
  }
  // Similar-case references can only be checked once every id is known.
  for (const row of rows) {
    const cell = row.cells.get('similar_cases');
    if (!cell) continue;
    const unknown = splitIds(cell.value).filter((id) => !seen.has(id));
    if (unknown.length > 0) inBank(cell.line, cell.col, ['similar_cases'], `unknown case id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  }
  if (bank.problems.length > MAX_PROBLEMS) {
    const extra = bank.problems.length - MAX_PROBLEMS;
    bank.problems = bank.problems.slice(0, MAX_PROBLEMS);
    bank.problems.push({ file: path, line: 1, col: 1, path: [], message: `... and ${extra} more problems in the case bank` });
  }
  return bank;
}

function buildCase(
  file: CaseBankContext,
  row: Row,
  missingColumns: string[],
  report: (line: number, col: number, path: (string | number)[], message: string) => void,
): Case | null {
  const found = { count: 0 };
  const fail = (cell: Cell | undefined, column: string, message: string): void => {
    found.count++;
    report(cell?.line ?? row.line, cell?.col ?? 1, [column], message);
  };
  const idCell = row.cells.get('case_id');
  if (!idCell) {
    if (!missingColumns.includes('case_id')) fail(undefined, 'case_id', 'empty case id');
    return null;
  }
  const id = String(idCell.value).trim();
  const labels = file.task.type === 'numeric' ? [] : file.task.labels.map((l) => l.value);

  /** A label value or, for numeric tasks, a number inside the task's bounds. */
  const answer = (column: string, required: boolean): string | number | undefined => {
    const cell = row.cells.get(column);
    if (!cell) {
      if (required && !missingColumns.includes(column)) fail(undefined, column, `empty ${column} for case "${id}"`);
      return undefined;
    }
    if (file.task.type === 'numeric') {
      const n = toNumber(cell.value);
      if (n === null) return void fail(cell, column, `expected a number, found "${cell.value}"${hintDecimalComma(cell.value)}`);
      if (n < file.task.min || n > file.task.max)
        return void fail(cell, column, `${n} is outside the task's bounds [${file.task.min}, ${file.task.max}]`);
      return n;
    }
    const value = String(cell.value).trim();
    if (!labels.includes(value)) return void fail(cell, column, `"${value}" is not a label of the task (expected one of ${labels.join(', ')})`);
    return value;
  };

  const truth = answer('truth', true);
  const values: Record<string, string | number> = {};
  const texts: NonNullable<Case['texts']> = {};
  for (const field of file.display.fields) {
    if (!NUMERIC_FORMATS.has(field.format)) {
      const perLanguage: Partial<Record<Language, string>> = {};
      for (const lang of LANGUAGES) {
        const cell = row.cells.get(languageColumn(field.key, lang));
        if (cell) perLanguage[lang] = String(cell.value);
      }
      if (Object.keys(perLanguage).length > 0) {
        texts[field.key] = perLanguage;
        if (!row.cells.has(field.key)) {
          values[field.key] = perLanguage.fr ?? perLanguage.en ?? '';
          continue;
        }
      }
    }
    const cell = row.cells.get(field.key);
    if (!cell) {
      if (NUMERIC_FORMATS.has(field.format) && !missingColumns.includes(field.key))
        fail(undefined, field.key, `empty value for case "${id}" (format ${field.format} needs a number)`);
      else if (!NUMERIC_FORMATS.has(field.format)) values[field.key] = '';
      continue;
    }
    if (NUMERIC_FORMATS.has(field.format)) {
      const n = toNumber(cell.value);
      if (n === null) fail(cell, field.key, `expected a number (format ${field.format}), found "${cell.value}"${hintDecimalComma(cell.value)}`);
      else values[field.key] = n;
    } else values[field.key] = String(cell.value);
  }

  const ai: Case['ai'] = {};
  const recommendation = answer('ai_recommendation', file.advisor.source === 'case_bank');
  if (recommendation !== undefined) ai.recommendation = recommendation;
  const confCell = row.cells.get('ai_confidence');
  if (confCell) {
    const c = toNumber(confCell.value);
    if (c === null || c < 0 || c > 1) fail(confCell, 'ai_confidence', `expected a number between 0 and 1, found "${confCell.value}"`);
    else ai.confidence = c;
  }
  const contributions: Record<string, number> = {};
  for (const [column, cell] of row.cells) {
    if (!column.startsWith('contrib_')) continue;
    const n = toNumber(cell.value);
    if (n === null) fail(cell, column, `expected a signed number, found "${cell.value}"${hintDecimalComma(cell.value)}`);
    else contributions[column.slice('contrib_'.length)] = n;
  }
  if (Object.keys(contributions).length > 0) ai.contributions = contributions;
  for (const kind of ['counterfactual', 'rationale'] as const) {
    const texts: Partial<Record<Language, string>> = {};
    for (const lang of ['fr', 'en'] as const) {
      const cell = row.cells.get(`${kind}_${lang}`);
      if (cell) texts[lang] = String(cell.value);
    }
    if (Object.keys(texts).length > 0) ai[kind] = texts;
  }
  const similar = row.cells.get('similar_cases');
  if (similar) ai.similar = splitIds(similar.value);

  const flags = { attention_check: false, practice: false };
  for (const column of FLAG_COLUMNS) {
    const cell = row.cells.get(column);
    if (!cell) continue;
    const v = String(cell.value).trim().toLowerCase();
    if (v === '1' || v === 'true') flags[column] = true;
    else if (v !== '0' && v !== 'false') fail(cell, column, `expected 1 or 0 (or empty), found "${cell.value}"`);
  }
  if (flags.attention_check && flags.practice) fail(row.cells.get('practice'), 'practice', `case "${id}" cannot be both a practice case and an attention check`);

  if (truth === undefined || found.count > 0) return null;
  return { id, truth, values, ...(Object.keys(texts).length > 0 ? { texts } : {}), ai, attentionCheck: flags.attention_check, practice: flags.practice };
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const at = lenient.indexOf('\uFFFD');
  return at < 0 ? 1 : lenient.slice(0, at).split('\n').length;
}

/** Numbers as written in a CSV (dot decimal separator) or JSON. */
export function toNumber(value: string | number | boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return null;
  const s = value.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : null;
}

function hintDecimalComma(value: string | number | boolean): string {
  return typeof value === 'string' && /^[+-]?\d+,\d+$/.test(value.trim()) ? ' (use a dot as the decimal separator)' : '';
}

function splitIds(value: string | number | boolean): string[] {
  return String(value)
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
