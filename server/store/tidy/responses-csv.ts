import { RESPONSES_CSV_HEADER } from './columns.ts';
import type { ExperimentDoc, ResponseRecord, Store } from '../index.ts';
import { csvLine, type CellValue } from './csv-cell.ts';

/**
 * Questionnaire answers: participant_id,scale,item,value (what `analyze --responses` reads), condition, config_hash,
 * then `type` and `value_text` (docs/QUESTIONNAIRES.md). A scale item: type `scale`, value the mark. A generic
 * question: single_choice value = option position, value_text = option value; multiple_choice one row per chosen
 * option (value 1, value_text = option value), or one row with value 0 and an empty value_text when none was chosen;
 * number value = the number; text value = its length, value_text = the text (formula-protected like every cell).
 */
export async function* responsesCsvLines(store: Store, doc: ExperimentDoc): AsyncGenerator<string> {
  yield csvLine([...RESPONSES_CSV_HEADER, 'condition', 'config_hash', 'type', 'value_text']);
  for await (const r of store.responses(doc.id, { configHash: doc.configHash })) {
    for (const [value, text] of responseCells(r)) {
      yield csvLine([r.participantId, r.scale, r.item, value, r.condition, r.configHash, r.type ?? 'scale', text]);
    }
  }
}

/** The (value, value_text) pairs of one stored answer: one pair, or one per chosen option of a multiple choice. */
export function responseCells(r: Pick<ResponseRecord, 'type' | 'value' | 'text'>): [number, CellValue][] {
  if (r.type === 'multiple_choice') {
    const chosen = (r.text ?? '').split(' ').filter((v) => v !== '');
    return chosen.length === 0 ? [[0, null]] : chosen.map((option) => [1, option]);
  }
  return [[r.value, r.text ?? null]];
}
