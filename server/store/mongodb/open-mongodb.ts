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
 * than hanging: connection and server selection time out (`timeoutMs`, 10 s by default). Every write uses majority write concern with
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
  const where = `MongoDB at ${hosts} (database "${name}")`;
  const base = { connectTimeoutMS: timeoutMs, ignoreUndefined: true, appName: 'confiance' } as const;
  // Start-up: the indexes are built by a client without a socket limit (a first build on a large collection may
  // take minutes), then closed; requests are served by a client whose every operation is limited.
  const setup = new MongoClient(uri, { ...base, serverSelectionTimeoutMS: timeoutMs, writeConcern: { w: 'majority', journal: true } });
  await connectOrRefuse(setup, name, where);
  try {
    for (const spec of specs) {
      const native = setup.db(name).collection(spec.name);
      for (const index of spec.indexes) await native.createIndex({ ...index.fields }, { unique: index.unique === true });
    }
  } catch (error) {
    throw new StoreUnavailableError(`Cannot create the indexes on ${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    await setup.close().catch(() => undefined);
  }
  const client = new MongoClient(uri, {
    ...base,
    serverSelectionTimeoutMS: Math.min(timeoutMs, operationTimeoutMs),
    socketTimeoutMS: 2 * operationTimeoutMs,
    writeConcern: { w: 'majority', journal: true, wtimeoutMS: operationTimeoutMs },
  });
  await connectOrRefuse(client, name, where);
  const db = client.db(name);
  const collections = new Map(specs.map((spec) => [spec.name, new MongoCollection<object>(spec.name, db.collection(spec.name), operationTimeoutMs)]));
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

/** Connects and pings; on failure closes the client and throws StoreUnavailableError naming where and why. */
async function connectOrRefuse(client: MongoClient, name: string, where: string): Promise<void> {
  try {
    await client.connect();
    await client.db(name).command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new StoreUnavailableError(`Cannot connect to ${where}: ${(error as Error).message}`, { cause: error });
  }
}
