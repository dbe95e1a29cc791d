import type { Readable } from 'node:stream';
import { readCsvBatches, CsvProblems } from './csv-records.ts';

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
  for await (const batch of readCsvBatches(source, fileLabel, RESPONSES_CSV_HEADER)) {
    const [pAt, sAt, iAt, vAt] = RESPONSES_CSV_HEADER.map((c) => batch.columns.get(c)!);
    for (const r of batch.records) {
      const participantId = r.fields[pAt].trim();
      const scale = r.fields[sAt].trim();
      const itemText = r.fields[iAt].trim();
      const valueText = r.fields[vAt].trim();
      if (participantId === '') problems.add(r.line, 'participant_id', 'required value is empty');
      if (scale === '') problems.add(r.line, 'scale', 'required value is empty');
      const itemMatch = /(\d+)$/.exec(itemText);
      const item = itemMatch ? Number(itemMatch[1]) : NaN;
      if (!(item >= 1)) problems.add(r.line, 'item', `expected an item number (1, 2, ...), got "${itemText}"`);
      const value = valueText === '' ? NaN : Number(valueText);
      if (!Number.isFinite(value)) problems.add(r.line, 'value', `expected a number, got "${valueText}"`);
      if (problems.full) break;
      if (problems.messages.length === 0) yield { participantId, scale, item, value, line: r.line };
    }
    if (problems.full) break;
  }
  problems.throwIfAny();
}
