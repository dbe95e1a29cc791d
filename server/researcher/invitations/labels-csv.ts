import { parse } from 'csv-parse/sync';
import { UserError } from '../../../experiments/user-error.ts';

export const MAX_INVITATIONS = 10_000;

/**
 * External labels (e.g. agent numbers) from an uploaded CSV: the `label` column, or the only column of a one-column
 * file. Blank lines are skipped; empty or repeated labels are errors with their line number.
 */
export function parseLabelsCsv(text: string, fileLabel = 'labels CSV'): string[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (err) {
    throw new UserError(`Malformed ${fileLabel}:`, [err instanceof Error ? err.message : String(err)]);
  }
  if (records.length === 0) throw new UserError(`Malformed ${fileLabel}:`, ['the file is empty']);
  const header = records[0].map((h) => h.toLowerCase());
  let column = header.indexOf('label');
  let rows = records.slice(1);
  let firstLine = 2;
  if (column === -1) {
    if (header.length !== 1) {
      throw new UserError(`Malformed ${fileLabel}:`, ['line 1: needs a "label" column (or a single column of labels)']);
    }
    // A single column without a "label" header: every line is a label.
    column = 0;
    rows = records;
    firstLine = 1;
  }
  if (rows.length > MAX_INVITATIONS) {
    throw new UserError(`Too many labels in ${fileLabel}: ${rows.length} (at most ${MAX_INVITATIONS} at once)`);
  }
  const seen = new Map<string, number>();
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const line = firstLine + i;
    const label = row[column] ?? '';
    if (label === '') problems.push(`line ${line}: empty label`);
    else if (seen.has(label)) problems.push(`line ${line}: label "${label}" repeats line ${seen.get(label)}`);
    else seen.set(label, line);
  });
  if (problems.length > 0) throw new UserError(`Malformed ${fileLabel}:`, problems.slice(0, 10));
  return [...seen.keys()];
}
