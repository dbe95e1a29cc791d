import type { Collection, Filter, UpdateSpec } from './collection.ts';

/**
 * The compare-and-set `filter` -> `update` on one document, also returning the document as the update left it:
 * the driver's findOneAndUpdate when it has one (MongoDB: one findAndModify, one round trip, atomic), otherwise
 * updateOne then findOne by `key` (the embedded driver, in memory; a write by someone else in between is then seen,
 * a later state, never an earlier one; `after` is null if the document went meanwhile).
 */
export async function updateReturning<T extends object>(
  collection: Collection<T>,
  filter: Filter,
  update: UpdateSpec,
  key: Filter,
): Promise<{ matched: boolean; after: T | null }> {
  if (collection.findOneAndUpdate) {
    const after = await collection.findOneAndUpdate(filter, update);
    return { matched: after !== null, after };
  }
  if (!(await collection.updateOne(filter, update))) return { matched: false, after: null };
  return { matched: true, after: await collection.findOne(key) };
}
