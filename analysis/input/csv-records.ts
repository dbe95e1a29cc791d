import { createReadStream, constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { UserError } from '../../experiments/user-error.ts';

/** One data record of a CSV file with its header resolved: `field(name)` gives the cell, `line` the line number. */
export interface CsvRecord {
  readonly line: number;
  /** The cell of the named column, or undefined when the column is absent from the header. */
  cell(column: string): string | undefined;
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
    if (this.messages.length > 0) {
      throw new UserError(`Malformed CSV file ${this.fileLabel}:`, this.messages);
    }
  }
}

/**
 * Streams the records of an RFC 4180 CSV file with a header row, one at a time (the file is never held in memory).
 * Required columns missing from the header, duplicate header names and broken quoting are UserErrors with the line.
 */
export async function* readCsvRecords(
  source: string | Readable,
  fileLabel: string,
  requiredColumns: readonly string[],
): AsyncGenerator<CsvRecord> {
  const input = typeof source === 'string' ? await openFile(source, fileLabel) : source;
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, info: true }));
  // pipe() does not forward read errors: hand them to the parser so the loop below ends with them.
  input.on('error', (err) => parser.destroy(err));
  let positions: Map<string, number> | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (positions === undefined) {
        positions = readHeader(record, fileLabel, requiredColumns);
        continue;
      }
      const map = positions;
      yield {
        line: info.lines,
        cell: (column: string) => {
          const at = map.get(column);
          return at === undefined ? undefined : record[at];
        },
      };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? `line ${err.lines}: ` : '';
      throw new UserError(`Malformed CSV file ${fileLabel}:`, [`${line}${err.message}`]);
    }
    throw err;
  } finally {
    parser.destroy();
  }
  if (positions === undefined) {
    throw new UserError(`Malformed CSV file ${fileLabel}:`, ['line 1: the file is empty (a header row is required)']);
  }
}

async function openFile(path: string, fileLabel: string): Promise<Readable> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new UserError(`Cannot read ${fileLabel}: no such file or not readable`);
  }
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

function readHeader(header: string[], fileLabel: string, requiredColumns: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  const problems: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (positions.has(name)) problems.push(`line 1, column ${index + 1}: duplicate column "${name}"`);
    else positions.set(name, index);
  });
  for (const column of requiredColumns) {
    if (!positions.has(column)) problems.push(`line 1: required column "${column}" is missing`);
  }
  if (problems.length > 0) throw new UserError(`Malformed CSV file ${fileLabel}:`, problems);
  return positions;
}
