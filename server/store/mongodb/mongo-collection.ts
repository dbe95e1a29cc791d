import { MongoServerError, type Collection as MongoNativeCollection, type Document } from 'mongodb';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type GroupCount,
  type SortSpec,
  type UpdateSpec,
} from '../collection.ts';

import { median } from '../median.ts';
import { spans } from '../spans.ts';
import { asStoreError } from './unavailable.ts';

const DUPLICATE_KEY = 11000;

function mongoUpdate(update: UpdateSpec): Document {
  const query: Document = {};
  if (update.set && Object.keys(update.set).length > 0) query.$set = update.set;
  if (update.unset && update.unset.length > 0) query.$unset = Object.fromEntries(update.unset.map((f) => [f, '']));
  return query;
}

/**
 * The narrow collection interface on one MongoDB collection: a thin mapping, no logic. `_id` stays internal
 * (projected out); finds stream from a cursor, and countBy is an aggregation run by the server.
 *
 * Time limits: writes carry the client's majority write concern with its `wtimeoutMS`; single reads, counts and
 * aggregations carry `maxTimeMS` (`readTimeoutMs`); every operation waits at most serverSelectionTimeoutMS for a
 * primary (open-mongodb.ts). A streamed find (an export) has no total limit (it may legitimately run for minutes);
 * each of its batches is bounded by the socket timeout. An error that means "MongoDB out of reach or without a
 * majority" becomes StoreUnavailableError (unavailable.ts), which the routes answer with 503.
 */
export class MongoCollection<T extends object> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly native: MongoNativeCollection<Document>,
    private readonly readTimeoutMs = 5_000,
  ) {}

  /** Runs one driver call, turning availability errors into StoreUnavailableError. */
  private async guard<R>(operation: string, call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error) {
      throw asStoreError(error, this.name, operation);
    }
  }

  async insertOne(doc: T): Promise<void> {
    try {
      // A copy: the driver adds `_id` to the object it is given.
      await this.native.insertOne({ ...doc } as Document);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw new DuplicateKeyError(this.name, { cause: error });
      throw asStoreError(error, this.name, 'insertOne');
    }
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    const sort = options.sort ? { sort: { ...options.sort } } : {};
    const doc = await this.guard('findOne', () => this.native.findOne(filter, { projection: { _id: 0 }, maxTimeMS: this.readTimeoutMs, ...sort }));
    return doc as T | null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const cursor = this.native.find(filter, { projection: { _id: 0 } });
    if (options.sort) cursor.sort({ ...options.sort });
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(options.limit);
    try {
      for await (const doc of cursor) yield doc as T;
    } catch (error) {
      throw asStoreError(error, this.name, 'find');
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  count(filter: Filter): Promise<number> {
    return this.guard('count', () => this.native.countDocuments(filter, { maxTimeMS: this.readTimeoutMs }));
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    const groupId = Object.fromEntries(fields.map((f) => [f, `$${f}`]));
    const pipeline = [{ $match: filter }, { $group: { _id: groupId, count: { $sum: 1 } } }];
    const rows = await this.guard('countBy', () =>
      this.native.aggregate<{ _id: Record<string, unknown>; count: number }>(pipeline, { maxTimeMS: this.readTimeoutMs }).toArray(),
    );
    return rows.map((row) => ({ key: Object.fromEntries(fields.map((f) => [f, row._id[f] ?? null])), count: row.count }));
  }

  /** Only the two fields travel (a projection); the median is computed here, exactly as the embedded driver does. */
  async medianSpan(filter: Filter, from: string, to: string): Promise<number | null> {
    const cursor = this.native.find(filter, { projection: { _id: 0, [from]: 1, [to]: 1 }, maxTimeMS: this.readTimeoutMs });
    try {
      return median(spans(await this.guard('medianSpan', () => cursor.toArray()), from, to));
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    const result = await this.guard('updateOne', () => this.native.updateOne(filter, mongoUpdate(update)));
    return result.matchedCount > 0;
  }

  /** findAndModify with the collection's majority write concern (and its wtimeoutMS), the new document back. */
  async findOneAndUpdate(filter: Filter, update: UpdateSpec): Promise<T | null> {
    const doc = await this.guard('findOneAndUpdate', () =>
      this.native.findOneAndUpdate(filter, mongoUpdate(update), { returnDocument: 'after', projection: { _id: 0 }, includeResultMetadata: false }),
    );
    return doc as T | null;
  }

  async updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    const result = await this.guard('updateMany', () => this.native.updateMany(filter, mongoUpdate(update)));
    return result.matchedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.guard('deleteMany', () => this.native.deleteMany(filter));
    return result.deletedCount;
  }
}
