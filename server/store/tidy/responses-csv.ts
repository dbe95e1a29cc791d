import { RESPONSES_CSV_HEADER } from './columns.ts';
import type { ExperimentDoc, Store } from '../index.ts';
import { csvLine } from './csv-cell.ts';

/** Questionnaire answers: participant_id,scale,item,value (what `analyze --responses` reads), then extras. */
export async function* responsesCsvLines(store: Store, doc: ExperimentDoc): AsyncGenerator<string> {
  yield csvLine([...RESPONSES_CSV_HEADER, 'condition', 'config_hash']);
  for await (const r of store.responses(doc.id, { configHash: doc.configHash })) {
    yield csvLine([r.participantId, r.scale, r.item, r.value, r.condition, r.configHash]);
  }
}
