import path from 'node:path';
import { openEmbeddedDatabase } from './embedded/open-embedded.ts';
import { openMongoDatabase } from './mongodb/open-mongodb.ts';
import { createRepository } from './repository.ts';
import { COLLECTION_SPECS } from './schema.ts';
import type { Store } from './store.ts';

export interface StoreOptions {
  /** Embedded store directory (DATA_DIR); default ./data. Ignored when mongodbUri is set. */
  dataDir?: string;
  /** When set, use MongoDB (MONGODB_URI). */
  mongodbUri?: string;
  /** Database name when the URI has none (MONGODB_DB); default "confiance". */
  mongodbDb?: string;
  /** How long to wait for MongoDB at start-up before failing (ms); default 10 000. */
  mongodbTimeoutMs?: number;
  /** Time limit of each MongoDB operation once started (MONGODB_TIMEOUT_MS, ms); default 5 000. */
  mongodbOperationTimeoutMs?: number;
}

/**
 * Opens the store: MongoDB when a URI is given, otherwise the embedded store in dataDir. Collections and indexes
 * exist when it resolves; a database that cannot be reached or read throws StoreUnavailableError naming what failed.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const db = options.mongodbUri
    ? await openMongoDatabase(options.mongodbUri, options.mongodbDb, COLLECTION_SPECS, options.mongodbTimeoutMs, options.mongodbOperationTimeoutMs)
    : await openEmbeddedDatabase(path.resolve(options.dataDir ?? './data'), COLLECTION_SPECS);
  return createRepository(db);
}
