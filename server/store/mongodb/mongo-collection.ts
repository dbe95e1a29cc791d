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
 */
export class MongoCollection<T extends object> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly native: MongoNativeCollection<Document>,
  ) {}

  async insertOne(doc: T): Promise<void> {
    try {
      // A copy: the driver adds `_id` to the object it is given.
      await this.native.insertOne({ ...doc } as Document);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw new DuplicateKeyError(this.name, { cause: error });
      throw error;
    }
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    const doc = await this.native.findOne(filter, { projection: { _id: 0 }, ...(options.sort ? { sort: { ...options.sort } } : {}) });
    return doc as T | null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const cursor = this.native.find(filter, { projection: { _id: 0 } });
    if (options.sort) cursor.sort({ ...options.sort });
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(options.limit);
    try {
      for await (const doc of cursor) yield doc as T;
    } finally {
      await cursor.close();
    }
  }

  count(filter: Filter): Promise<number> {
    return this.native.countDocuments(filter);
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    const groupId = Object.fromEntries(fields.map((f) => [f, `$${f}`]));
    const rows = await this.native
      .aggregate<{ _id: Record<string, unknown>; count: number }>([
        { $match: filter },
        { $group: { _id: groupId, count: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((row) => ({ key: Object.fromEntries(fields.map((f) => [f, row._id[f] ?? null])), count: row.count }));
  }

  /** Only the two fields travel (a projection); the median is computed here, exactly as the embedded driver does. */
  async medianSpan(filter: Filter, from: string, to: string): Promise<number | null> {
    const cursor = this.native.find(filter, { projection: { _id: 0, [from]: 1, [to]: 1 } });
    try {
      return median(spans(await cursor.toArray(), from, to));
    } finally {
      await cursor.close();
    }
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    const result = await this.native.updateOne(filter, mongoUpdate(update));
    return result.matchedCount > 0;
  }

  async updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    const result = await this.native.updateMany(filter, mongoUpdate(update));
    return result.matchedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.native.deleteMany(filter);
    return result.deletedCount;
  }
}
