import type { NedbDatastore } from './nedb.ts';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type GroupCount,
  type SortSpec,
  type UpdateSpec,
} from '../collection.ts';
import { groupCounts, nedbUpdate } from './queries.ts';
import type { Appender } from './appender.ts';

type Stored<T> = T & { _id?: string };

function withoutId<T extends object>(doc: Stored<T>): T {
  const { _id, ...rest } = doc;
  void _id;
  return rest as T;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: unknown }).errorType === 'uniqueViolated';
}

/**
 * The narrow collection interface on one nedb datastore (one file). nedb runs its operations one at a time through
 * its executor, so a filtered update is an atomic compare-and-set. nedb's appends go to an Appender (see
 * open-embedded.ts): the executor only queues the line, and every write waits for the group-committed fdatasync
 * before returning.
 */
export class NedbCollection<T extends object> implements Collection<T> {
  /** Lines of the file that an update or removal made obsolete since the last compaction. */
  private obsoleteLines = 0;
  private compacting: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly datastore: NedbDatastore,
    private readonly appender: Appender,
  ) {}

  async insertOne(doc: T): Promise<void> {
    try {
      await this.datastore.insertAsync({ ...doc } as Record<string, unknown>);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError(this.name, { cause: error });
      throw error;
    }
    await this.appender.durable();
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    if (options.sort) {
      const docs = (await this.datastore.findAsync(filter).sort(options.sort).limit(1)) as unknown as Stored<T>[];
      return docs.length > 0 ? withoutId(docs[0]) : null;
    }
    const doc = (await this.datastore.findOneAsync(filter)) as unknown as Stored<T> | null;
    return doc ? withoutId(doc) : null;
  }

  /** nedb holds the whole collection in memory already; a sorted page is materialised at once. */
  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    let cursor = this.datastore.findAsync(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = (await cursor) as unknown as Stored<T>[];
    for (const doc of docs) yield withoutId(doc);
  }

  async count(filter: Filter): Promise<number> {
    return (await this.datastore.countAsync(filter)) as unknown as number;
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    const projection = Object.fromEntries([...fields.map((f) => [f, 1]), ['_id', 0]]);
    const docs = (await this.datastore.findAsync(filter, projection)) as unknown as Record<string, unknown>[];
    return groupCounts(docs, fields);
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    const { numAffected } = await this.datastore.updateAsync(filter, nedbUpdate(update), { multi: false });
    if (numAffected > 0) await this.obsoleted(numAffected);
    return numAffected > 0;
  }

  async updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    const { numAffected } = await this.datastore.updateAsync(filter, nedbUpdate(update), { multi: true });
    if (numAffected > 0) await this.obsoleted(numAffected);
    return numAffected;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const removed = await this.datastore.removeAsync(filter, { multi: true });
    if (removed > 0) await this.obsoleted(removed);
    return removed;
  }

  /** Rewrites the file with live documents only (crash-safe: temp file, fsync, rename). */
  async compact(): Promise<void> {
    await this.settle();
    this.obsoleteLines = 0;
    await this.datastore.compactDatafileAsync();
  }

  /** Writes what is queued and closes the file (after `settle`). */
  async closeFile(): Promise<void> {
    await this.appender.close();
  }

  /** Waits for any compaction in progress (used before closing). */
  async settle(): Promise<void> {
    while (this.compacting) await this.compacting;
  }

  /**
   * Makes an update or removal durable, then compacts once obsolete lines outnumber live documents: nedb appends a
   * whole new version of a document on each update, and its compaction (temp file, fsync, rename) is crash-safe.
   */
  private async obsoleted(lines: number): Promise<void> {
    await this.appender.durable();
    this.obsoleteLines += lines;
    if (!this.compacting && this.obsoleteLines > Math.max(1000, this.datastore.getAllData().length)) {
      this.obsoleteLines = 0;
      this.compacting = this.datastore
        .compactDatafileAsync()
        .catch((error: unknown) => process.emitWarning(`compaction of ${this.name} failed: ${String(error)}`))
        .finally(() => {
          this.compacting = null;
        });
    }
  }
}
