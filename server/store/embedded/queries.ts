import type { GroupCount, SortSpec, UpdateSpec } from '../collection.ts';
import { nedbModel } from './nedb.ts';

/**
 * The parts of a query both embedded collections evaluate the same way: nedb's update modifiers, nedb's ordering
 * (compareThings, as nedb's own cursor sorts) and the grouping of countBy.
 */
export function nedbUpdate(update: UpdateSpec): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (update.set && Object.keys(update.set).length > 0) query.$set = update.set;
  if (update.unset && update.unset.length > 0) query.$unset = Object.fromEntries(update.unset.map((f) => [f, true]));
  return query;
}

export function compareBy(sort: SortSpec): (a: object, b: object) => number {
  // A plain field is read directly: nedb's getDotValue splits the path on every call, which dominates a large sort.
  const fields = Object.entries(sort).map(([field, direction]) => {
    const read = field.includes('.') ? (doc: object) => nedbModel.getDotValue(doc, field) : (doc: object) => (doc as Record<string, unknown>)[field];
    return { read, direction };
  });
  return (a, b) => {
    for (const { read, direction } of fields) {
      const c = nedbModel.compareThings(read(a), read(b));
      if (c !== 0) return c * direction;
    }
    return 0;
  };
}

/** Documents per distinct combination of `fields` (a missing field counts as null, as on MongoDB). */
export function groupCounts(docs: Iterable<Record<string, unknown>>, fields: readonly string[]): GroupCount[] {
  const groups = new Map<string, GroupCount>();
  for (const doc of docs) {
    // The group's name: string values as they are (the common case, no allocation but the name), others as JSON.
    let id = '';
    for (const field of fields) {
      const value = doc[field] ?? null;
      id += typeof value === 'string' ? `s${value}\u0000` : `j${JSON.stringify(value)}\u0000`;
    }
    const group = groups.get(id);
    if (group) group.count += 1;
    else groups.set(id, { key: Object.fromEntries(fields.map((f) => [f, doc[f] ?? null])), count: 1 });
  }
  return [...groups.values()];
}

/** The documents from `skip` on, at most `limit` of them, read no further than needed. */
export async function* page<T>(docs: Iterable<T> | AsyncIterable<T>, skip: number, limit: number): AsyncGenerator<T> {
  if (limit <= 0) return;
  let skipped = 0;
  let yielded = 0;
  for await (const doc of docs) {
    if (skipped < skip) {
      skipped += 1;
      continue;
    }
    yield doc;
    yielded += 1;
    if (yielded >= limit) return;
  }
}
