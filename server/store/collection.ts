/**
 * The narrow collection interface the repository is written against. Both drivers implement exactly this, with
 * Mongo-style filters (equality, $gte/$lt, $exists, $in) that nedb and MongoDB evaluate identically.
 * Nothing outside server/store sees it.
 */

import type { DamagedRecord } from './types.ts';

export type Filter = Readonly<Record<string, unknown>>;
export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

export interface UpdateSpec {
  set?: Readonly<Record<string, unknown>>;
  unset?: readonly string[];
}

export interface GroupCount {
  key: Readonly<Record<string, unknown>>;
  count: number;
}

export interface Collection<T extends object> {
  /** Throws DuplicateKeyError when a unique index refuses the document. */
  insertOne(doc: T): Promise<void>;
  findOne(filter: Filter, options?: { sort?: SortSpec }): Promise<T | null>;
  /** Documents in order; the MongoDB driver streams from a cursor. */
  find(filter: Filter, options?: FindOptions): AsyncIterable<T>;
  count(filter: Filter): Promise<number>;
  /** Number of documents per distinct combination of `fields` (computed by the database on MongoDB). */
  countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]>;
  /** Atomic on one document: true when a document matched the filter (the compare-and-set primitive). */
  updateOne(filter: Filter, update: UpdateSpec): Promise<boolean>;
  /**
   * updateOne that also returns the document as the update left it (null: none matched), atomically: on MongoDB one
   * findAndModify, one round trip. A driver without it gets `updateOne` then `findOne` (returning-update.ts).
   */
  findOneAndUpdate?(filter: Filter, update: UpdateSpec): Promise<T | null>;
  updateMany(filter: Filter, update: UpdateSpec): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /**
   * Median of `to - from` (two Date fields, in ms) over the matching documents that have both; null when none. A
   * driver that can compute it without handing every document over provides it (the repository falls back on find).
   */
  medianSpan?(filter: Filter, from: string, to: string): Promise<number | null>;
}

export interface IndexSpec {
  /** Field -> direction; field order matters. */
  fields: Readonly<Record<string, 1 | -1>>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  /**
   * Records that belong to one participant (`participantId`, `experimentId`), written once and read per participant
   * or per experiment in participant order. The embedded driver keeps them as one file per participant
   * (embedded/partitioned-collection.ts); MongoDB as any collection.
   */
  perParticipant?: boolean;
  /**
   * How the embedded driver keeps a collection that is not per participant (MongoDB ignores it): `keyed`, documents
   * in memory by their one unique field, in an append-only log (embedded/keyed-collection.ts); `sequence`, records
   * numbered per experiment, one append-only file per experiment, out of memory (embedded/sequence-collection.ts);
   * by default a nedb file held in memory (small collections).
   */
  embeddedLayout?: 'keyed' | 'sequence';
  /**
   * For a keyed collection: fields by which the embedded driver keeps, per experiment, the number of documents of each
   * combination of values, updated on every write, so that a count whose filter and grouping use only these fields
   * (and experimentId) reads a few counters instead of every document. `narrowBy`: documents are also held per
   * experiment and value of that field, so that a query fixing it (e.g. status: 'active') reads only those.
   * `rangeField`: a Date field whose values are also kept sorted per combination, so that a count with a range on it
   * (e.g. lastActivityAt before the stale limit) is a binary search. `span`: two Date fields whose difference is also
   * kept sorted, so that its median (medianSpan) needs no document.
   */
  embeddedCounts?: { fields: readonly string[]; narrowBy: string; rangeField: string; span: { from: string; to: string } };
  indexes: readonly IndexSpec[];
  /**
   * The recommended shard key on a sharded MongoDB cluster (README, "Sharding"); absent: leave the collection
   * unsharded (it is small). Every unique index starts with its fields, as MongoDB requires of a sharded collection,
   * and every single-document write of the repository names them, so that it goes to one shard.
   */
  shardKey?: Readonly<Record<string, 1 | 'hashed'>>;
}

/** An opened database: one Collection per spec, created with its indexes before the store serves anything. */
export interface Database {
  readonly driver: 'embedded' | 'mongodb';
  collection<T extends object>(name: string): Collection<T>;
  /**
   * Makes removed documents physically gone where the driver keeps old versions: the embedded files keep deleted
   * documents as old lines until compacted. Called after an erasure, with the collections it changed and the erased
   * participant's id (the embedded driver also removes their lines from the backups kept after a migration).
   */
  purge(collections: readonly string[], erasedParticipantId?: string): Promise<void>;
  /**
   * Lines of an experiment's stored records that cannot be read, first one per file (checked before an export starts,
   * so that a download is never cut half-way). MongoDB stores documents, not lines: always none there.
   */
  damagedRecords(experimentId: string): Promise<DamagedRecord[]>;
  close(): Promise<void>;
}

/** A unique index refused a write. The repository turns it into idempotency or a ConflictError. */
export class DuplicateKeyError extends Error {
  constructor(collection: string, options?: { cause?: unknown }) {
    super(`duplicate key in ${collection}`, options);
    this.name = 'DuplicateKeyError';
  }
}
