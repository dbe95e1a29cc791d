/** Public entry of the store: other folders import from here only. */
export type { Store } from './store.ts';
export * from './types.ts';
export { ConflictError, DamagedRecordError, UnsafeInputError, StoreUnavailableError } from './errors.ts';
export { openStore, type StoreOptions } from './open-store.ts';
export { ErasedParticipantError } from './erasure.ts';
export { joinKey, type JoinKeyClaim, type JoinKeyKind } from './join-keys.ts';
