import type { Collection, Database } from './collection.ts';
import type { AuditLog } from './audit-log.ts';
import { safeString } from './safe-input.ts';
import type { PlanRepository } from './plans.ts';
import { COLLECTIONS } from './schema.ts';
import type { AssignmentDoc, StoredParticipant } from './stored-docs.ts';
import type { ErasureResult, ResponseRecord, TrialRecord } from './types.ts';

/** A write for a participant who was erased (or is being erased): refused, and nothing of it is kept. */
export class ErasedParticipantError extends Error {
  constructor(participantId: string) {
    super(`participant ${participantId} was erased`);
    this.name = 'ErasedParticipantError';
  }
}

/**
 * Erasure of a participant, safe against writes that arrive meanwhile, from this process or another one on MongoDB.
 *
 * The eraser (E) first marks the participant `erasing`, then deletes their records, then their document. A writer (W)
 * checks that the participant is live (present and not marked) before writing, writes, then checks again (`afterWrite`);
 * if the participant is no longer live, W removes what it wrote and refuses. Why nothing survives: if W's write lands
 * before E deletes that collection, E deletes it; if it lands after, W's second check comes after E's mark, sees it,
 * and W removes its own write. A decision's move of the step (decisions.ts, `advance`) is such a second check: its
 * compare-and-set matches only a participant not marked. Every nedb file is then compacted (`purge`): a removed or updated document stays in a
 * nedb file as an old line until then (an old version of the assignment document, for one, names the participant who
 * claimed last), whichever collection the erasure itself changed.
 */
export class ParticipantErasure {
  constructor(
    private readonly db: Database,
    private readonly participants: Collection<StoredParticipant>,
    private readonly trials: Collection<TrialRecord>,
    private readonly responses: Collection<ResponseRecord>,
    private readonly assignments: Collection<AssignmentDoc>,
    private readonly plans: PlanRepository,
    private readonly audit: AuditLog,
  ) {}

  /** True when the participant exists and no erasure of them has begun. */
  async isLive(participantId: string): Promise<boolean> {
    return (await this.participants.findOne({ id: participantId, erasing: { $exists: false } })) !== null;
  }

  /** Throws ErasedParticipantError unless the participant is live (the check a writer makes before writing). */
  async beforeWrite(participantId: string): Promise<void> {
    if (!(await this.isLive(participantId))) throw new ErasedParticipantError(participantId);
  }

  /**
   * The check a writer makes after writing: when an erasure began meanwhile, `undo` removes what was written, the
   * files are compacted, and the write is refused.
   */
  async afterWrite(participantId: string, undo: () => Promise<unknown>, collection: string): Promise<void> {
    if (await this.isLive(participantId)) return;
    await undo();
    await this.db.purge([collection]);
    throw new ErasedParticipantError(participantId);
  }

  /** Decisions first, the participant document last: if the process dies half-way, erasing again finishes the job. */
  async erase(id: string): Promise<ErasureResult & { experimentId: string | null }> {
    const participantId = safeString(id, 'id');
    const found = await this.participants.findOne({ id: participantId });
    if (found) await this.participants.updateOne({ id: participantId }, { set: { erasing: true } });
    const trials = await this.trials.deleteMany({ participantId });
    const responses = await this.responses.deleteMany({ participantId });
    await this.plans.erase(participantId);
    const redactedEvents = await this.audit.redactParticipant(participantId);
    await this.assignments.updateMany({ lastClaimant: participantId }, { set: { lastClaimant: null } });
    const removed = await this.participants.deleteMany({ id: participantId });
    await this.db.purge(Object.values(COLLECTIONS), participantId);
    return { participant: removed > 0, trials, responses, redactedEvents, experimentId: found?.experimentId ?? null };
  }
}
