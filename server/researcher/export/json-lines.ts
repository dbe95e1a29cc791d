import type { ExperimentDoc, Store } from '../../store/index.ts';

/**
 * Everything of one opened version as JSON lines, one document per line tagged with its collection
 * (`{"collection":"trials",...}`): the config snapshot, participants (with their trial plans), trials (practice included), responses and
 * the experiment's audit events. Dates are ISO strings.
 */
export async function* jsonLines(store: Store, doc: ExperimentDoc): AsyncGenerator<string> {
  const line = (collection: string, value: object): string => JSON.stringify({ collection, ...value }) + '\n';
  yield line('experiments', doc);
  for await (const p of store.participants(doc.id, { configHash: doc.configHash })) {
    // The list comes without trial plans (stored apart); a backup keeps each participant's plan.
    yield line('participants', (await store.getParticipant(p.id)) ?? p);
  }
  for await (const t of store.trials(doc.id, { configHash: doc.configHash })) yield line('trials', t);
  for await (const r of store.responses(doc.id, { configHash: doc.configHash })) yield line('responses', r);
  for await (const e of store.events(doc.id)) yield line('events', e);
}
