/**
 * One rule for withdrawing, whoever asks (the participant's "stop and withdraw", or the researcher on their request
 * through the API or the dashboard): a participant in progress or who has completed may withdraw; withdrawing means
 * their answers must not be used (they stay stored until erased, so that an erasure request can still be honoured).
 * A participant who declined consent or already withdrew has nothing to withdraw.
 */
import type { ParticipantStatus, Store } from '../store/index.ts';

export const WITHDRAWABLE: readonly ParticipantStatus[] = ['active', 'completed'];

/** Marks the participant withdrawn if their status allows it; false when it does not (or they do not exist). */
export async function markWithdrawn(store: Store, id: string, at: Date): Promise<boolean> {
  // Compare-and-set per allowed status: a participant completing meanwhile is still withdrawn, never twice.
  for (const expected of WITHDRAWABLE) if (await store.setStatus(id, 'withdrawn', { expected, at })) return true;
  return false;
}
