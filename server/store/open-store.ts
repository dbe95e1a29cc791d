import type { Store } from './store.ts';

export interface StoreOptions {
  /** Embedded store directory (DATA_DIR); default ./data. Ignored when mongodbUri is set. */
  dataDir?: string;
  /** When set, use MongoDB (MONGODB_URI). */
  mongodbUri?: string;
  /** Database name when the URI has none (MONGODB_DB); default "confiance". */
  mongodbDb?: string;
}

/** Opens the store: MongoDB when a URI is given, otherwise the embedded store in dataDir. */
export async function openStore(options: StoreOptions): Promise<Store> {
  void options;
  throw new Error('openStore: not implemented yet');
}
