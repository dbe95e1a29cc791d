import { joinKey, type JoinKeyRepository } from './join-keys.ts';
import { randomUUID } from 'node:crypto';
import type { Collection, Database } from './collection.ts';
import type { AuditLog } from './audit-log.ts';
import { safeString } from './safe-input.ts';
import type { PlanRepository } from './plans.ts';
import { COLLECTIONS } from './schema.ts';
import type { AssignmentDoc, ErasureMark, StoredParticipant } from './stored-docs.ts';
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
    private readonly joinKeys: JoinKeyRepository,
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

  /**
   * Every step can be run again: an erasure that failed at any point (a process killed, a MongoDB failover, a time
   * limit) and is asked again finishes the job. The mark comes first and keeps what the erasure found (ErasureMark);
   * then the records go, the events are redacted, the erasure's audit event is appended unless a previous run did
   * (found by the mark's token among the events after the mark), and the participant document goes last, so that a
   * retry still knows the experiment and the counts. Returns those counts, the same on every run.
   */
  async erase(id: string): Promise<ErasureResult> {
    const participantId = safeString(id, 'id');
    const found = await this.participants.findOne({ id: participantId });
    const mark = found ? (found.erasure ?? (await this.mark(found))) : null;
    const trials = await this.trials.deleteMany({ participantId });
    const responses = await this.responses.deleteMany({ participantId });
    await this.plans.erase(participantId);
    const redactedEvents = await this.audit.redactParticipant(participantId);
    await this.assignments.updateMany({ lastClaimant: participantId }, { set: { lastClaimant: null } });
    // Their label and platform id are free again, as they would be had they never joined (before the participant
    // document goes: a retry after that finds the keys already gone).
    if (found) await this.joinKeys.release(joinKeysOf(found));
    if (found && mark) await this.logOnce(found.experimentId, mark);
    const removed = await this.participants.deleteMany({ id: participantId });
    await this.db.purge(Object.values(COLLECTIONS), participantId);
    if (!mark) return { participant: removed > 0, trials, responses, redactedEvents };
    return { participant: true, trials: mark.trials, responses: mark.responses, redactedEvents: mark.redactedEvents };
  }

  /** Counts what is to go and marks the participant `erasing` (no write for them is accepted from then on). */
  private async mark(found: StoredParticipant): Promise<ErasureMark> {
    const participantId = found.id;
    const mark: ErasureMark = {
      token: randomUUID(),
      afterSeq: await this.audit.headSeq(found.experimentId),
      trials: await this.trials.count({ participantId }),
      responses: await this.responses.count({ participantId }),
      redactedEvents: await this.audit.countParticipant(participantId),
    };
    await this.participants.updateOne({ id: participantId, erasure: { $exists: false } }, { set: { erasing: true, erasure: mark } });
    // Of two erasures of the same participant at once, the first mark stays: both log the same token.
    const marked = await this.participants.findOne({ id: participantId });
    return marked?.erasure ?? mark;
  }

  /** Appends the erasure event (counts only, no id) unless an earlier run of this erasure already did. */
  private async logOnce(experimentId: string, mark: ErasureMark): Promise<void> {
    for await (const event of this.audit.after(experimentId, mark.afterSeq)) {
      if (event.type === ERASED_EVENT && (event.data as { erasure?: unknown } | undefined)?.erasure === mark.token) return;
    }
    const { trials, responses, redactedEvents, token } = mark;
    await this.audit.append(experimentId, { type: ERASED_EVENT, data: { trials, responses, redactedEvents, erasure: token } });
  }
}

const ERASED_EVENT = 'participant.erased';

/** The join keys a participant's join took (join-keys.ts). */
function joinKeysOf(p: StoredParticipant): string[] {
  return [
    ...(p.labelHash ? [joinKey(p.experimentId, 'label', p.labelHash)] : []),
    ...(p.platformIdHash ? [joinKey(p.experimentId, 'platform', p.platformIdHash)] : []),
  ];
}
