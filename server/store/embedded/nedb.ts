import { createRequire } from 'node:module';
import type NedbModule from '@seald-io/nedb';

/**
 * nedb is CommonJS (`module.exports = Datastore`) while its typings declare `export default`: under NodeNext,
 * TypeScript and Node disagree on what a default import is. Loading it with require gives the class both agree on.
 */
type NedbClass = typeof NedbModule.default;
export type NedbDatastore = InstanceType<NedbClass>;
export const NedbDatastore: NedbClass = createRequire(import.meta.url)('@seald-io/nedb');

/**
 * nedb's document model (lib/model.js): its line format (`serialize`/`deserialize`, dates as `{"$$date": ms}`), its
 * query matcher and its ordering. The partitioned collections use them so that every embedded file has one format
 * and every embedded query one meaning.
 */
export interface NedbModel {
  serialize(doc: object): string;
  deserialize(line: string): Record<string, unknown>;
  match(doc: object, query: object): boolean;
  compareThings(a: unknown, b: unknown, compareStrings?: (a: string, b: string) => number): number;
  getDotValue(doc: object, field: string): unknown;
  deepCopy(doc: object): object;
  /** Applies an update query ({$set, $unset}) to a copy of the document. */
  modify(doc: object, update: object): object;
}
export const nedbModel: NedbModel = createRequire(import.meta.url)('@seald-io/nedb/lib/model.js');
