import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { ExperimentDoc, Store } from '../../store/index.ts';
import { assertExportable } from './damage-check.ts';
import { EXPORT_FORMATS, exportFileName, type ExportContext, type ExportName } from './formats.ts';

/**
 * Streams one export file as a download, with backpressure (a slow client never makes the server buffer). A damaged
 * stored line is reported before the download starts (DamagedRecordError, answered as an error page).
 */
export async function sendExport(res: Response, store: Store, doc: ExperimentDoc, name: ExportName, ctx: ExportContext): Promise<void> {
  const format = EXPORT_FORMATS[name];
  await assertExportable(store, doc);
  res.status(200);
  res.set('Content-Type', format.contentType);
  res.set('Content-Disposition', `attachment; filename="${exportFileName(doc, name)}"`);
  res.set('Cache-Control', 'no-store');
  try {
    await pipeline(Readable.from(format.lines(store, doc, ctx)), res);
  } catch (err) {
    // Headers are gone: cutting the connection is the only honest signal that the file is incomplete.
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
