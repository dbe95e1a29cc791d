import {
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
} from 'mongodb';
import { StoreUnavailableError } from '../errors.ts';

/**
 * Server error codes that mean "no primary, or no majority, right now" rather than a bad request: the write concern
 * timed out (64 WriteConcernFailed), maxTimeMS expired (50), the primary stepped down or is shutting down (91, 189,
 * 10107, 11600, 11602, 13435, 13436). Source: the server's error_codes.yml, as listed in the driver's retryable-error
 * sets (node_modules/mongodb/lib/error.js).
 */
const UNAVAILABLE_CODES = new Set([50, 64, 91, 189, 10107, 11600, 11602, 13435, 13436]);

/** True when `error` says MongoDB could not answer in time (no primary, no majority, network), not that the request was wrong. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof MongoServerSelectionError || error instanceof MongoOperationTimeoutError || error instanceof MongoNetworkError) return true;
  if (error instanceof MongoWriteConcernError) return true;
  return error instanceof MongoServerError && typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}

/**
 * The store's StoreUnavailableError for a driver error that means MongoDB is out of reach or without a majority
 * (the routes answer 503 with a message); any other error unchanged. A write may have been applied before the error:
 * every write of the repository is idempotent or a compare-and-set, so retrying the request is safe.
 */
export function asStoreError(error: unknown, collection: string, operation: string): unknown {
  if (!isUnavailable(error)) return error;
  const cause = error as Error;
  return new StoreUnavailableError(
    `MongoDB did not answer ${operation} on ${collection} in time (no reachable primary or no majority of the replica set): ${cause.message}`,
    { cause },
  );
}
