import type { ErasureResult } from '../../store/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';
import { NotFoundError } from '../experiments/catalog.ts';
import { UserError } from '../../../experiments/user-error.ts';
import { markWithdrawn } from '../../participant/withdrawal.ts';

/**
 * Marks a participant withdrawn on their request (their data stays until erased), by the same rule as their own
 * "stop and withdraw" (participant/withdrawal.ts): in progress or completed, not declined or already withdrawn.
 */
export async function withdrawParticipant(deps: ResearcherDeps, id: string): Promise<void> {
  const p = await deps.store.getParticipant(id);
  if (!p) throw new NotFoundError('No such participant (never existed, or erased).');
  const now = clock(deps)();
  if (!(await markWithdrawn(deps.store, id, now)))
    throw new UserError(`Only a participant in progress or completed can be withdrawn (this one is ${p.status}).`);
  await deps.store.appendEvent(p.experimentId, { type: 'participant_withdrawn_by_researcher', participantId: id, at: now });
}

/**
 * Erases every document of the participant. The store redacts their audit events (the chain keeps verifying) and
 * records the erasure with counts only, no personal data.
 */
export async function eraseParticipant(deps: ResearcherDeps, id: string): Promise<ErasureResult> {
  const p = await deps.store.getParticipant(id);
  if (!p) throw new NotFoundError('No such participant (never existed, or already erased).');
  return deps.store.eraseParticipant(id);
}
