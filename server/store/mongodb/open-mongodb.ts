import { MongoClient } from 'mongodb';
import type { Collection, CollectionSpec, Database } from '../collection.ts';
import { StoreUnavailableError } from '../errors.ts';
import { MongoCollection } from './mongo-collection.ts';

const DEFAULT_DB = 'confiance';

/** Hosts and database of a mongodb:// or mongodb+srv:// URI, without credentials (for messages). */
export function describeMongoUri(uri: string): { hosts: string; database: string | undefined } {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)(?:\/([^?]*))?/.exec(uri);
  if (!match) throw new StoreUnavailableError('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const database = match[2] ? decodeURIComponent(match[2]) : undefined;
  return { hosts: match[1], database: database || undefined };
}

/** Default time limit of one operation (MONGODB_TIMEOUT_MS). */
export const DEFAULT_OPERATION_TIMEOUT_MS = 5_000;

/**
 * Connects, checks the server answers, and creates the indexes, failing fast with the host and the cause rather
 * than hanging: connection times out (`timeoutMs`, 10 s by default). Every write uses majority write concern with
 * journaling, so an acknowledged decision is on a majority of the replica set's disks.
 *
 * Every operation afterwards is limited to `operationTimeoutMs` (MONGODB_TIMEOUT_MS): waiting for a primary
 * (serverSelectionTimeoutMS), the majority acknowledgement of a write (wtimeoutMS: a replica set that lost its majority
 * answers error 64 instead of waiting for ever), the server's work on a read (maxTimeMS, mongo-collection.ts), and a
 * socket that stops answering (socketTimeoutMS, twice the limit so that the server's own limits speak first). The
 * driver's stable options are used, not the experimental client-side `timeoutMS`.
 */
export async function openMongoDatabase(
  uri: string,
  dbName: string | undefined,
  specs: readonly CollectionSpec[],
  timeoutMs = 10_000,
  operationTimeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
): Promise<Database> {
  const { hosts, database } = describeMongoUri(uri);
  const name = database ?? dbName ?? DEFAULT_DB;
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: Math.min(timeoutMs, operationTimeoutMs),
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: 2 * operationTimeoutMs,
    writeConcern: { w: 'majority', journal: true, wtimeoutMS: operationTimeoutMs },
    ignoreUndefined: true,
    appName: 'confiance',
  });
  try {
    await client.connect();
    await client.db(name).command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new StoreUnavailableError(`Cannot connect to MongoDB at ${hosts} (database "${name}"): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = client.db(name);
  const collections = new Map<string, MongoCollection<object>>();
  try {
    for (const spec of specs) {
      const native = db.collection(spec.name);
      for (const index of spec.indexes) await native.createIndex({ ...index.fields }, { unique: index.unique === true });
      collections.set(spec.name, new MongoCollection(spec.name, native, operationTimeoutMs));
    }
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new StoreUnavailableError(`Cannot create the indexes on MongoDB at ${hosts} (database "${name}"): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    driver: 'mongodb',
    collection<T extends object>(collectionName: string): Collection<T> {
      const collection = collections.get(collectionName);
      if (!collection) throw new Error(`unknown collection ${collectionName}`);
      return collection as unknown as Collection<T>;
    },
    // Deleted documents are gone from queries at once; MongoDB's own oplog and backups age them out.
    purge: async () => undefined,
    damagedRecords: async () => [],
    close: () => client.close(),
  };
}
