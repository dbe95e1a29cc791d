import type { ExperimentDoc, Store } from '../../store/index.ts';
import { jsonLines } from './json-lines.ts';
import { responsesCsvLines } from '../../store/tidy/responses-csv.ts';
import { trialCsvLines } from '../../store/tidy/trial-csv.ts';

/** The three export files, by the name they are downloaded or written under. */
export const EXPORT_FORMATS = {
  'trials.csv': { contentType: 'text/csv; charset=utf-8', lines: trialCsvLines },
  'responses.csv': { contentType: 'text/csv; charset=utf-8', lines: responsesCsvLines },
  'all.jsonl': { contentType: 'application/x-ndjson; charset=utf-8', lines: jsonLines },
} as const satisfies Record<
  string,
  { contentType: string; lines: (store: Store, doc: ExperimentDoc) => AsyncGenerator<string> }
>;

export type ExportName = keyof typeof EXPORT_FORMATS;
export const EXPORT_NAMES = Object.keys(EXPORT_FORMATS) as ExportName[];

export function isExportName(name: string): name is ExportName {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

/** `<experiment>-<version>-<file>`: two versions exported side by side never overwrite each other. */
export function exportFileName(doc: ExperimentDoc, name: ExportName): string {
  const version = doc.version.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${doc.id}-${version}-${name}`;
}
