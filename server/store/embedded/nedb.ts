import { createRequire } from 'node:module';
import type NedbModule from '@seald-io/nedb';

/**
 * nedb is CommonJS (`module.exports = Datastore`) while its typings declare `export default`: under NodeNext,
 * TypeScript and Node disagree on what a default import is. Loading it with require gives the class both agree on.
 */
type NedbClass = typeof NedbModule.default;
export type NedbDatastore = InstanceType<NedbClass>;
export const NedbDatastore: NedbClass = createRequire(import.meta.url)('@seald-io/nedb');
