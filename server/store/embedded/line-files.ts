import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { DamagedRecordError } from '../errors.ts';
import { parseLine } from './partition-files.ts';

/**
 * The documents of a log file in file order, streamed (constant memory whatever the file's size). Only complete lines
 * count: a last line without its newline is a write in progress or cut by a crash, never acknowledged. Any other
 * unreadable line throws DamagedRecordError with the file and line. A missing file has no documents.
 */
export async function* streamDocuments(file: string): AsyncGenerator<Record<string, unknown>> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let rest = '';
  let number = 0;
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      let end = text.indexOf('\n', start);
      while (end !== -1) {
        number += 1;
        if (end > start) yield parseAt(file, text.slice(start, end), number);
        start = end + 1;
        end = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  } finally {
    input.destroy();
  }
}

function parseAt(file: string, line: string, number: number): Record<string, unknown> {
  try {
    return parseLine(line);
  } catch (error) {
    throw new DamagedRecordError(file, number, (error as Error).message, { cause: error });
  }
}

/**
 * The last complete line's document (null for an empty file), read from the end of the file: finding the head of a
 * long log costs the same whatever its length. Called after the torn tail was cut (torn-tail.ts).
 */
export async function lastDocument(file: string): Promise<Record<string, unknown> | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let text = '';
    let position = size;
    while (position > 0) {
      const length = Math.min(64 * 1024, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, position);
      text = buffer.toString('utf8') + text;
      const body = text.endsWith('\n') ? text.slice(0, -1) : text;
      const newline = body.lastIndexOf('\n');
      if (newline !== -1 || position === 0) {
        const line = body.slice(newline + 1);
        if (line.length === 0) return null;
        try {
          return parseLine(line);
        } catch {
          // Read the file through to name the first damaged line with its number.
          for await (const doc of streamDocuments(file)) void doc;
          throw new DamagedRecordError(file, 0, 'last line unreadable');
        }
      }
    }
    return null;
  } finally {
    await handle.close();
  }
}
