import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExperimentDoc, Store } from '../../store/index.ts';
import { assertExportable } from './damage-check.ts';
import { EXPORT_FORMATS, EXPORT_NAMES, exportFileName, paysPlatformBonuses, type ExportContext } from './formats.ts';

/**
 * Writes the export files of one opened version into `dir` (created if needed); returns their paths. Stored records
 * are checked first (a damaged line throws DamagedRecordError before any file is written); each file is written under
 * `<name>.part` and renamed only once complete, so a file with its final name is never a truncated one. The Prolific
 * bonus file is written only for a study that pays bonuses to a platform id.
 */
export async function writeExportFiles(store: Store, doc: ExperimentDoc, dir: string, ctx: ExportContext): Promise<string[]> {
  await assertExportable(store, doc);
  await mkdir(resolve(dir), { recursive: true });
  const written: string[] = [];
  for (const name of EXPORT_NAMES) {
    if (name === 'bonuses.csv' && !paysPlatformBonuses(doc)) continue;
    const path = join(resolve(dir), exportFileName(doc, name));
    const partial = `${path}.part`;
    try {
      await pipeline(Readable.from(EXPORT_FORMATS[name].lines(store, doc, ctx)), createWriteStream(partial));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await rename(partial, path);
    written.push(path);
  }
  return written;
}
