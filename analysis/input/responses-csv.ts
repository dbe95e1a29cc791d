import type { Readable } from 'node:stream';
import { readCsvBatches, CsvProblems } from './csv-records.ts';

/** One questionnaire answer (`--responses responses.csv`: participant_id,scale,item,value). */
export interface ResponseRow {
  participantId: string;
  scale: string;
  /** Item id (`jian_3`, a custom item id) or its 1-based number within the scale. */
  item: string;
  value: number;
  line: number;
}

import { RESPONSES_CSV_HEADER } from '../../server/store/tidy/columns.ts';

export { RESPONSES_CSV_HEADER };

/** Streams questionnaire answers, validated row by row (errors with line and column, as the trial CSV). */
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
      if (itemText === '') problems.add(r.line, 'item', 'required value is empty');
      const value = valueText === '' ? NaN : Number(valueText);
      if (!Number.isFinite(value)) problems.add(r.line, 'value', `expected a number, got "${valueText}"`);
      if (problems.full) break;
      if (problems.messages.length === 0) yield { participantId, scale, item: itemText, value, line: r.line };
    }
    if (problems.full) break;
  }
  problems.throwIfAny();
}
