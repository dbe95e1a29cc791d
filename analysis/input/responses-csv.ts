import type { Readable } from 'node:stream';
import { readCsvBatches, CsvProblems } from './csv-records.ts';

/** One questionnaire answer (`--responses responses.csv`: participant_id,scale,item,value). */
export interface ResponseRow {
  participantId: string;
  scale: string;
  /** Item id (`jian_3`, a custom item id) or its 1-based number within the scale. */
  item: string;
  value: number;
  /**
   * `scale` for a scale item (also when the file has no `type` column), or a generic question's type:
   * single_choice, multiple_choice, number, text (docs/QUESTIONNAIRES.md).
   */
  type?: ResponseType;
  /** The `value_text` column: a chosen option's value, or a free text; null when empty or absent. */
  valueText?: string | null;
  line: number;
}

export const RESPONSE_TYPES = ['scale', 'single_choice', 'multiple_choice', 'number', 'text'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

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
    const typeAt = batch.columns.get('type');
    const textAt = batch.columns.get('value_text');
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
      const typeText = typeAt === undefined ? '' : r.fields[typeAt].trim();
      const type = (typeText === '' ? 'scale' : typeText) as ResponseType;
      if (!RESPONSE_TYPES.includes(type)) problems.add(r.line, 'type', `expected one of ${RESPONSE_TYPES.join(', ')}, got "${typeText}"`);
      const text = textAt === undefined ? '' : r.fields[textAt];
      if (problems.full) break;
      if (problems.messages.length === 0) yield { participantId, scale, item: itemText, value, type, valueText: text === '' ? null : text, line: r.line };
    }
    if (problems.full) break;
  }
  problems.throwIfAny();
}
