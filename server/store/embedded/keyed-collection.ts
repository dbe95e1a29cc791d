import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type GroupCount,
  type IndexSpec,
  type SortSpec,
  type UpdateSpec,
} from '../collection.ts';
import { DamagedRecordError, StoreUnavailableError } from '../errors.ts';
import { Appender } from './appender.ts';
import { compileFilter } from './filter.ts';
import { nedbModel } from './nedb.ts';
import { parseLine, syncDir } from './partition-files.ts';
import { compareBy, groupCounts, nedbUpdate } from './queries.ts';
import { repairTornTail } from './torn-tail.ts';

type Doc = Record<string, unknown>;

/** Field whose value narrows a query to one experiment's documents. */
const EXPERIMENT_FIELD = 'experimentId';
/** Lines written per chunk when a compaction rewrites the file. */
const COMPACTION_CHUNK = 2000;

/**
 * A collection keyed by one unique field (participants by `id`), held in memory and kept on disk as an append-only
 * log in nedb's line format (`participants.db`: one JSON document per line, `_id` the key, a later line replacing an
 * earlier one, `{"$$deleted":true,"_id":...}` removing it), so files written by nedb (earlier versions) open as they
 * are.
 *
 * Why not nedb: nedb keeps an index per field in AVL trees whose values are arrays, and removes a document from the
 * array of its key by a linear scan on every update: with one `experimentId` for a whole study, each answer cost
 * O(participants) (35 ms at 100,000). Here a document is found by its key in a Map, a study's documents in a Map per
 * experiment, and queries are compiled predicates (filter.ts) over those documents: a step update costs the same at
 * any size, and a count over 100,000 participants a few milliseconds. Documents are never modified in place (an update
 * stores a new object), so readers and a compaction can hold references safely.
 *
 * Durability: every write is appended through an Appender (group commit: concurrent writes share one fdatasync) and
 * acknowledged once on disk. A crash mid-append leaves a torn last line that was never acknowledged: it is cut at
 * open (torn-tail.ts). Any other unreadable line stops the open with the file and line. When obsolete lines outnumber
 * live documents, the file is compacted (written from memory to a temporary file, fsynced, renamed over it).
 */
export class KeyedCollection<T extends object> implements Collection<T> {
  private readonly docs = new Map<string, Doc>();
  private readonly byExperiment = new Map<string, Map<string, Doc>>();
  private obsoleteLines = 0;
  private compacting: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    private readonly file: string,
    private readonly key: string,
    private readonly appender: Appender,
  ) {}

  static async open<T extends object>(dataDir: string, name: string, indexes: readonly IndexSpec[]): Promise<KeyedCollection<T>> {
    const unique = indexes.filter((i) => i.unique);
    const keyFields = unique.length === 1 ? Object.keys(unique[0].fields) : [];
    if (keyFields.length !== 1) throw new Error(`${name}: a keyed collection needs exactly one unique index, on one field`);
    const file = path.join(dataDir, `${name}.db`);
    const collection = new KeyedCollection<T>(name, file, keyFields[0], new Appender(file));
    try {
      await rm(`${file}.tmp`, { force: true });
      await repairTornTail(file);
      await collection.load();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    return collection;
  }

  /** Replays the log: the last line of each key wins, a deletion line removes it (nedb's `_id`s mapped to keys). */
  private async load(): Promise<void> {
    const keyOfId = new Map<string, string>();
    let input;
    try {
      input = createReadStream(this.file, 'utf8');
      await new Promise<void>((resolve, reject) => input!.once('open', () => resolve()).once('error', reject));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let number = 0;
    let lines = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      number += 1;
      if (line.length === 0) continue;
      let doc: Doc;
      try {
        doc = parseLine(line);
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a document');
      } catch (error) {
        input.destroy();
        throw new DamagedRecordError(this.file, number, (error as Error).message, { cause: error });
      }
      lines += 1;
      if (doc.$$indexCreated !== undefined) continue;
      const id = String(doc._id);
      if (doc.$$deleted === true) {
        const key = keyOfId.get(id) ?? id;
        keyOfId.delete(id);
        this.forget(key);
        continue;
      }
      const { _id, ...rest } = doc;
      void _id;
      const key = rest[this.key];
      if (typeof key !== 'string') throw new DamagedRecordError(this.file, number, `no string ${this.key}`);
      keyOfId.set(id, key);
      this.remember(key, rest);
    }
    this.obsoleteLines = lines - this.docs.size;
  }

  async insertOne(doc: T): Promise<void> {
    const record = { ...(doc as unknown as Doc) };
    const key = record[this.key];
    if (typeof key !== 'string') throw new Error(`${this.name}: a document needs a string ${this.key}`);
    if (this.docs.has(key)) throw new DuplicateKeyError(this.name);
    this.remember(key, record);
    this.appender.enqueue(this.line(key, record));
    await this.appender.durable();
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    for await (const doc of this.find(filter, { ...options, limit: 1 })) return doc;
    return null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const matches = this.matching(filter);
    if (options.sort) matches.sort(compareBy(options.sort));
    const skip = options.skip ?? 0;
    const end = options.limit ? skip + options.limit : undefined;
    for (const doc of matches.slice(skip, end)) yield nedbModel.deepCopy(doc) as T;
  }

  async count(filter: Filter): Promise<number> {
    return this.matching(filter).length;
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    return groupCounts(this.matching(filter), fields);
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    return (await this.update(filter, update, false)) > 0;
  }

  updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    return this.update(filter, update, true);
  }

  async deleteMany(filter: Filter): Promise<number> {
    const matches = this.matching(filter);
    for (const doc of matches) {
      const key = doc[this.key] as string;
      this.forget(key);
      this.appender.enqueue(`${nedbModel.serialize({ $$deleted: true, _id: key })}\n`);
    }
    if (matches.length > 0) await this.written(matches.length);
    return matches.length;
  }

  /** Rewrites the file with the live documents only (temporary file, fsync, rename, folder fsync). */
  async compact(): Promise<void> {
    await this.settle();
    this.obsoleteLines = 0;
    await this.appender.replace(() => this.rewrite());
  }

  /** Waits for any compaction in progress (before closing or compacting). */
  async settle(): Promise<void> {
    while (this.compacting) await this.compacting;
  }

  async closeFile(): Promise<void> {
    await this.appender.close();
  }

  private async update(filter: Filter, update: UpdateSpec, multi: boolean): Promise<number> {
    const modifier = nedbUpdate(update);
    const matches = this.matching(filter, multi ? undefined : 1);
    for (const doc of matches) {
      const updated = nedbModel.modify(doc, modifier) as Doc;
      const key = doc[this.key] as string;
      if (updated[this.key] !== key || updated[EXPERIMENT_FIELD] !== doc[EXPERIMENT_FIELD]) {
        throw new Error(`${this.name}: an update cannot change ${this.key} or ${EXPERIMENT_FIELD}`);
      }
      this.remember(key, updated);
      this.appender.enqueue(this.line(key, updated));
    }
    if (matches.length > 0) await this.written(matches.length);
    return matches.length;
  }

  /** Documents the filter matches: the key's own when the filter names it, else its experiment's, else all. */
  private matching(filter: Filter, limit = Infinity): Doc[] {
    const key = filter[this.key];
    const experiment = filter[EXPERIMENT_FIELD];
    let candidates: Iterable<Doc>;
    if (typeof key === 'string') {
      const doc = this.docs.get(key);
      candidates = doc ? [doc] : [];
    } else if (typeof experiment === 'string') candidates = this.byExperiment.get(experiment)?.values() ?? [];
    else candidates = this.docs.values();
    const matches = compileFilter(filter);
    const out: Doc[] = [];
    for (const doc of candidates) {
      if (!matches(doc)) continue;
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  private line(key: string, doc: Doc): string {
    return `${nedbModel.serialize({ ...doc, _id: key })}\n`;
  }

  private remember(key: string, doc: Doc): void {
    const previous = this.docs.get(key);
    if (previous && previous[EXPERIMENT_FIELD] !== doc[EXPERIMENT_FIELD]) this.forget(key);
    this.docs.set(key, doc);
    const experiment = doc[EXPERIMENT_FIELD];
    if (typeof experiment !== 'string') return;
    let docs = this.byExperiment.get(experiment);
    if (!docs) this.byExperiment.set(experiment, (docs = new Map()));
    docs.set(key, doc);
  }

  private forget(key: string): void {
    const doc = this.docs.get(key);
    if (!doc) return;
    this.docs.delete(key);
    const experiment = doc[EXPERIMENT_FIELD];
    if (typeof experiment === 'string') this.byExperiment.get(experiment)?.delete(key);
  }

  /**
   * Makes an update or removal durable, then starts a compaction once obsolete lines outnumber live documents (each
   * update appends a whole new version of a document).
   */
  private async written(obsoleted: number): Promise<void> {
    await this.appender.durable();
    this.obsoleteLines += obsoleted;
    if (!this.compacting && this.obsoleteLines > Math.max(1000, this.docs.size)) {
      this.obsoleteLines = 0;
      this.compacting = this.appender
        .replace(() => this.rewrite())
        .catch((error: unknown) => process.emitWarning(`compaction of ${this.name} failed: ${String(error)}`))
        .finally(() => {
          this.compacting = null;
        });
    }
  }

  /** Writes the live documents (as they are now, read synchronously) to a temporary file and renames it over the file. */
  private async rewrite(): Promise<void> {
    const snapshot = [...this.docs];
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w');
    try {
      for (let i = 0; i < snapshot.length; i += COMPACTION_CHUNK) {
        let text = '';
        for (const [key, doc] of snapshot.slice(i, i + COMPACTION_CHUNK)) text += this.line(key, doc);
        await handle.write(text);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDir(path.dirname(this.file));
  }
}
