import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateKeyError, type Collection } from './collection.ts';
import { ParticipantRepository } from './participants.ts';
import { safeDate, safeString } from './safe-input.ts';
import { fromStoredParticipant, type AssignmentDoc, type StoredParticipant } from './stored-docs.ts';
import type { ChooseCondition, ParticipantDoc, StaleCutoff, UnassignedParticipant } from './types.ts';

const MAX_ATTEMPTS = 200;

/**
 * Atomic condition claim, correct across several processes on one MongoDB (and trivially in one process).
 *
 * Optimistic concurrency on one document per experiment holding a version number:
 *   1. read the version v (and `lastClaimant`, the participant whose claim produced v);
 *   2. make lastClaimant visible (clear its pendingClaim flag: idempotent "helping");
 *   3. count the visible participants, let the caller's pure choose(counts) pick a condition (null = full);
 *   4. insert our participant *pending* (invisible to counts) with that condition;
 *   5. compare-and-set the version v -> v+1 with lastClaimant = us. Success commits: we clear our own flag and
 *      return. Failure means someone else committed since step 1: update our pending document and retry from 1
 *      after a short random pause (bounded attempts).
 * Why it cannot overbook: a claim that commits at version v+1 counted at version v, and every earlier committed
 * claimant was visible then. The claimant of v is made visible by us in step 2; the claimant of v-1 was made
 * visible in step 2 by the claimant of v, before it counted; and so on by induction. Because our document exists
 * (step 4) before our version bump (step 5), whoever reads v+1 finds it and can make it visible, even if we crash
 * right after the bump. Losers' documents stay pending, so they never inflate anyone's counts (no false "full"),
 * and are deleted when the loser gives up. Plain inserts (insertParticipant) are visible at once.
 */
export class ConditionClaim {
  constructor(
    private readonly assignments: Collection<AssignmentDoc>,
    private readonly participants: Collection<StoredParticipant>,
    private readonly repository: ParticipantRepository,
  ) {}

  async claim(
    participant: UnassignedParticipant,
    choose: ChooseCondition,
    staleBefore: StaleCutoff,
    planFor?: (condition: string) => unknown,
  ): Promise<ParticipantDoc | null> {
    const experimentId = safeString(participant.experimentId, 'experimentId');
    safeDate(staleBefore instanceof Date ? staleBefore : staleBefore.staleBefore, 'staleBefore');
    await this.ensureVersionDocument(experimentId);
    let pending = false;
    let committed = false;
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const version = await this.assignments.findOne({ experimentId });
        if (!version) throw new Error(`assignment document of ${experimentId} vanished`);
        if (version.lastClaimant !== null) {
          await this.participants.updateOne({ id: version.lastClaimant, pendingClaim: { $exists: true } }, { unset: ['pendingClaim'] });
        }
        const counts = await this.repository.countByCondition(experimentId, participant.configHash, staleBefore);
        const choice = choose(counts);
        if (choice === null) return null;
        const condition = safeString(choice, 'condition');
        const doc: ParticipantDoc = planFor ? { ...participant, condition, plan: planFor(condition) } : { ...participant, condition };
        const stored = { ...ParticipantRepository.toSafeStored(doc), pendingClaim: version.version };
        if (!pending) {
          const earlier = await this.insertPending(stored);
          if (earlier) {
            committed = true;
            return await this.committedEarlier(earlier, planFor);
          }
          pending = true;
        } else {
          const { id, ...changes } = stored;
          await this.participants.updateOne({ id }, { set: changes });
        }
        committed = await this.assignments.updateOne(
          { experimentId, version: version.version },
          { set: { version: version.version + 1, lastClaimant: doc.id } },
        );
        if (committed) {
          await this.participants.updateOne({ id: doc.id }, { unset: ['pendingClaim'] });
          await this.repository.plans.save(doc);
          return doc;
        }
        await sleep(Math.random() * Math.min(20, 1 + attempt));
      }
      throw new Error(`could not claim a condition in ${experimentId} after ${MAX_ATTEMPTS} attempts (contention)`);
    } finally {
      if (pending && !committed) await this.participants.deleteMany({ id: participant.id, pendingClaim: { $exists: true } });
    }
  }

  /**
   * Inserts our pending document. One with our id already there is an earlier attempt of this same claim whose
   * acknowledgement was lost (a network error, a failover): a committed one is returned (the claim is done), a pending
   * one is taken over (it becomes ours again, with this attempt's version). So a claim retried with the same
   * participant id neither loses nor duplicates the participant.
   */
  private async insertPending(stored: StoredParticipant): Promise<StoredParticipant | null> {
    try {
      await this.participants.insertOne(stored);
      return null;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const existing = await this.participants.findOne({ id: stored.id });
      if (!existing || existing.experimentId !== stored.experimentId) throw error;
      if (existing.pendingClaim === undefined) return existing;
      const { id, ...changes } = stored;
      await this.participants.updateOne({ id }, { set: changes });
      return null;
    }
  }

  /** The participant an earlier attempt committed, with their plan (saved again: a no-op when it was). */
  private async committedEarlier(stored: StoredParticipant, planFor?: (condition: string) => unknown): Promise<ParticipantDoc> {
    const found = fromStoredParticipant(stored);
    const doc = planFor && found.plan === undefined ? { ...found, plan: planFor(found.condition) } : found;
    await this.repository.plans.save(doc);
    return doc;
  }

  private async ensureVersionDocument(experimentId: string): Promise<void> {
    if (await this.assignments.findOne({ experimentId })) return;
    try {
      await this.assignments.insertOne({ experimentId, version: 0, lastClaimant: null });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
}
