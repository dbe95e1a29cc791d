import { DamagedRecordError, type ExperimentDoc, type Store } from '../../store/index.ts';

/**
 * Refuses to start an export of a study whose stored records hold a damaged line: a download that the damage would
 * cut half-way looks complete once saved. Throws a DamagedRecordError naming the first damaged file and line (and how
 * many other files are damaged), before anything is sent or written.
 */
export async function assertExportable(store: Store, doc: ExperimentDoc): Promise<void> {
  const [first, ...others] = await store.damagedRecords(doc.id);
  if (first) throw new DamagedRecordError(first.file, first.line, first.reason, { more: others.length });
}
