import { TRIAL_CSV_HEADER } from './columns.ts';
import type { ExperimentDoc, Store, TrialRecord } from '../index.ts';
import { studyRules } from './study-rules.ts';
import { csvLine } from './csv-cell.ts';
import { extraColumns, participantTrials, trialCells } from './trial-rows.ts';

/**
 * The trial CSV of one opened version (METRICS.md section 5, then the extra columns), line by line. Only one
 * participant's records are held at a time, so any study size exports in constant memory.
 */
export async function* trialCsvLines(store: Store, doc: ExperimentDoc): AsyncGenerator<string> {
  const rules = studyRules(doc);
  yield csvLine([...TRIAL_CSV_HEADER, ...extraColumns(rules)]);
  let current: TrialRecord[] = [];
  const flush = async function* (records: TrialRecord[]): AsyncGenerator<string> {
    if (records.length === 0) return;
    const participant = await store.getParticipant(records[0].participantId, { withPlan: false });
    for (const row of participantTrials(records, rules, participant?.status ?? null)) {
      yield csvLine(trialCells(row, rules));
    }
  };
  for await (const record of store.trials(doc.id, { configHash: doc.configHash, practice: false })) {
    if (current.length > 0 && current[0].participantId !== record.participantId) {
      yield* flush(current);
      current = [];
    }
    current.push(record);
  }
  yield* flush(current);
}
