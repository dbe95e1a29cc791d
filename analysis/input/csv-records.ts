import { createReadStream, constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UserError } from '../../experiments/user-error.ts';
import { utf8Chunks } from './utf8-chunks.ts';
import { CsvTokenizer, CsvSyntaxError, type CsvRecord, type LineParser } from './csv-tokenizer.ts';

export type { CsvRecord };

/**
 * A batch of data records (one read chunk) and the positions of the header's columns; `parsedLines`: how many lines
 * the LineParser has read so far, in all (the lines of this chunk it read come after the previous batch's count).
 */
export interface CsvBatch {
  columns: ReadonlyMap<string, number>;
  records: CsvRecord[];
  parsedLines: number;
}

/** Collects the problems of one file; stops the read after `limit` so a very bad file fails fast. */
export class CsvProblems {
  readonly messages: string[] = [];
  constructor(
    readonly fileLabel: string,
    readonly limit = 10,
  ) {}

  add(line: number, column: string, message: string): void {
    this.messages.push(`line ${line}, column "${column}": ${message}`);
  }

  get full(): boolean {
    return this.messages.length >= this.limit;
  }

  /** Throws the collected problems as one UserError; nothing was printed before. */
  throwIfAny(): void {
    if (this.messages.length > 0) throw new UserError(`Malformed CSV file ${this.fileLabel}:`, this.messages);
  }
}

/**
 * Streams the data records of a CSV file with a header row, a batch per read chunk (the file is never held in
 * memory). Missing required columns, duplicate header names, broken quoting and records whose field count differs
 * from the header are UserErrors with the line. `lineParser`, given the header's columns and width, may return a
 * LineParser that reads plain lines straight into its own store (no record for them; it checks their width itself).
 */
export async function* readCsvBatches(
  source: string | Readable,
  fileLabel: string,
  requiredColumns: readonly string[],
  lineParser?: (columns: ReadonlyMap<string, number>, width: number) => LineParser | undefined,
): AsyncGenerator<CsvBatch> {
  const input = typeof source === 'string' ? await openFile(source, fileLabel) : source;
  const tokenizer = new CsvTokenizer();
  let columns: Map<string, number> | undefined;
  let width = 0;
  const take = (records: CsvRecord[]): CsvRecord[] => {
    if (columns === undefined && records.length > 0) {
      const header = records.shift()!;
      columns = readHeader(header, fileLabel, requiredColumns);
      width = header.fields.length;
      tokenizer.lineParser = lineParser?.(columns, width);
    }
    for (const r of records) {
      if (r.fields.length !== width) {
        throw new UserError(`Malformed CSV file ${fileLabel}:`, [
          `line ${r.line}: expected ${width} fields as in the header, found ${r.fields.length}`,
        ]);
      }
    }
    return records;
  };
  let yielded = 0;
  const batch = (records: CsvRecord[]): CsvBatch | undefined => {
    if (records.length === 0 && tokenizer.parsedLines === yielded) return undefined;
    yielded = tokenizer.parsedLines;
    return { columns: columns!, records, parsedLines: yielded };
  };
  try {
    for await (const chunk of utf8Chunks(input)) {
      const read = batch(take(tokenizer.push(chunk)));
      if (read !== undefined) yield read;
    }
    const last = batch(take(tokenizer.end()));
    if (last !== undefined) yield last;
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new UserError(`Malformed CSV file ${fileLabel}:`, [`line ${err.line}: ${err.message}`]);
    }
    throw err;
  } finally {
    input.destroy();
  }
  if (columns === undefined) {
    throw new UserError(`Malformed CSV file ${fileLabel}:`, ['line 1: the file is empty (a header row is required)']);
  }
}

async function openFile(path: string, fileLabel: string): Promise<Readable> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new UserError(`Cannot read ${fileLabel}: no such file or not readable`);
  }
  if ((await stat(path)).isDirectory()) throw new UserError(`Cannot read ${fileLabel}: it is a directory, not a CSV file`);
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

function readHeader(header: CsvRecord, fileLabel: string, requiredColumns: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  const problems: string[] = [];
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (positions.has(name)) problems.push(`line ${header.line}, column ${index + 1}: duplicate column "${name}"`);
    else positions.set(name, index);
  });
  for (const column of requiredColumns) {
    if (!positions.has(column)) problems.push(`line ${header.line}: required column "${column}" is missing`);
  }
  if (problems.length > 0) throw new UserError(`Malformed CSV file ${fileLabel}:`, problems);
  return positions;
}
