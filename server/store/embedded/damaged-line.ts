import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DamagedRecordError } from '../errors.ts';
import { nedbModel } from './nedb.ts';

/**
 * The first line of a nedb file that nedb cannot read, as a DamagedRecordError naming the file and line (nedb itself
 * only says that a share of the file is corrupt). Null when every line reads. Called after nedb refused to load a
 * file, whose torn tail was already cut (torn-tail.ts): any unreadable line is damage.
 */
export async function firstDamagedLine(filename: string): Promise<DamagedRecordError | null> {
  const lines = createInterface({ input: createReadStream(filename, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.length === 0) continue;
    try {
      const doc = nedbModel.deserialize(line);
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a document');
    } catch (error) {
      lines.close();
      return new DamagedRecordError(filename, number, (error as Error).message, { cause: error });
    }
  }
  return null;
}
