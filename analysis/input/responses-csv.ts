import type { Readable } from 'node:stream';
import { readCsvRecords, CsvProblems } from './csv-records.ts';

/** One questionnaire answer (`--responses responses.csv`: participant_id,scale,item,value). */
export interface ResponseRow {
  participantId: string;
  scale: string;
  /** 1-based item number within the scale. */
  item: number;
  value: number;
  line: number;
}

export const RESPONSES_CSV_HEADER = ['participant_id', 'scale', 'item', 'value'] as const;

/**
 * Streams questionnaire answers. `item` is the 1-based item number; a trailing number is accepted too
 * (`jian_3` -> 3) because some exports prefix items with the scale name.
 */
export async function* readResponsesCsv(
  source: string | Readable,
  fileLabel = String(source),
): AsyncGenerator<ResponseRow> {
  const problems = new CsvProblems(fileLabel);
  for await (const r of readCsvRecords(source, fileLabel, RESPONSES_CSV_HEADER)) {
    const before = problems.messages.length;
    const participantId = (r.cell('participant_id') ?? '').trim();
    const scale = (r.cell('scale') ?? '').trim();
    const itemText = (r.cell('item') ?? '').trim();
    const valueText = (r.cell('value') ?? '').trim();
    if (participantId === '') problems.add(r.line, 'participant_id', 'required value is empty');
    if (scale === '') problems.add(r.line, 'scale', 'required value is empty');
    const itemMatch = /(\d+)$/.exec(itemText);
    const item = itemMatch ? Number(itemMatch[1]) : NaN;
    if (!(item >= 1)) problems.add(r.line, 'item', `expected an item number (1, 2, ...), got "${itemText}"`);
    const value = valueText === '' ? NaN : Number(valueText);
    if (!Number.isFinite(value)) problems.add(r.line, 'value', `expected a number, got "${valueText}"`);
    if (problems.full) break;
    if (problems.messages.length === before && problems.messages.length === 0) {
      yield { participantId, scale, item, value, line: r.line };
    }
  }
  problems.throwIfAny();
}
