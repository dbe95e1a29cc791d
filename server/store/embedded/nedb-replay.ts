import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { readPartition, syncDir } from './partition-files.ts';
import { repairTornTail } from './torn-tail.ts';

type Doc = Record<string, unknown>;

/**
 * Replays a file in nedb's line format, line by line: a document line (with its `_id`) replaces the earlier one of
 * the same key, `{"$$deleted": true, "_id": ...}` removes it, `$$indexCreated` lines are skipped. `keyOf` names a
 * document (by default its `_id`); when it differs from the `_id` (files written by nedb, whose `_id`s are random),
 * a later deletion by `_id` still finds it. Documents keep their `_id`.
 */
export class NedbReplay {
  /** Live documents by key, in the order their key first appeared. */
  readonly live = new Map<string, Doc>();
  /** Lines applied, deletions and index lines included. */
  lines = 0;
  private readonly keyOfId = new Map<string, string>();

  constructor(private readonly keyOf: (doc: Doc) => string = (doc) => String(doc._id)) {}

  apply(doc: Doc): void {
    this.lines += 1;
    if (doc.$$indexCreated !== undefined) return;
    const id = String(doc._id);
    if (doc.$$deleted === true) {
      const key = this.keyOfId.get(id) ?? id;
      this.keyOfId.delete(id);
      this.live.delete(key);
      return;
    }
    const key = this.keyOf(doc);
    if (key !== id) this.keyOfId.set(id, key);
    this.live.set(key, doc);
  }
}

/** A document without nedb's `_id`. */
export function withoutId(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

/**
 * The live documents (without `_id`) of a nedb file written by an earlier version of Confiance, after cutting a torn
 * last line; null when there is no such file (an empty one is removed). A damaged line throws DamagedRecordError.
 */
export async function legacyNedbDocuments(file: string): Promise<Doc[] | null> {
  await repairTornTail(file);
  const parsed = await readPartition(file);
  if (parsed.size === 0) {
    await rm(file, { force: true });
    return null;
  }
  const replay = new NedbReplay();
  for (const doc of parsed.docs) replay.apply(doc);
  return [...replay.live.values()].map(withoutId);
}

/** Keeps a migrated nedb file as `<file>.migrated` (durably renamed): it is never read again. */
export async function retireLegacyFile(file: string): Promise<void> {
  await rename(file, `${file}.migrated`);
  await syncDir(path.dirname(file));
}
