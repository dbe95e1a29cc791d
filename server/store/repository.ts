import type { Database } from './collection.ts';
import { ConditionClaim } from './assignment.ts';
import { AuditLog } from './audit-log.ts';
import { DecisionRepository } from './decisions.ts';
import { ExperimentRepository } from './experiments.ts';
import { ParticipantRepository } from './participants.ts';
import { PlanRepository } from './plans.ts';
import { safeString } from './safe-input.ts';
import { SessionRepository } from './sessions.ts';
import { JoinKeyRepository } from './join-keys.ts';
import { COLLECTIONS } from './schema.ts';
import type { Store } from './store.ts';
import type { AssignmentDoc, StoredExperiment, StoredJoinKey, StoredParticipant, StoredPlan, StoredSession } from './stored-docs.ts';
import type { EventRecord, NewEvent, ResponseRecord, TrialRecord } from './types.ts';
import { ParticipantErasure } from './erasure.ts';

/** The Store, written once over the narrow collection interface; the driver only provides the Database. */
export function createRepository(db: Database): Store {
  const participantsCollection = db.collection<StoredParticipant>(COLLECTIONS.participants);
  const trialsCollection = db.collection<TrialRecord>(COLLECTIONS.trials);
  const responsesCollection = db.collection<ResponseRecord>(COLLECTIONS.responses);
  const assignments = db.collection<AssignmentDoc>(COLLECTIONS.assignments);

  const experiments = new ExperimentRepository(db.collection<StoredExperiment>(COLLECTIONS.experiments));
  const plans = new PlanRepository(db.collection<StoredPlan>(COLLECTIONS.plans));
  const participants = new ParticipantRepository(participantsCollection, plans);
  const claim = new ConditionClaim(assignments, participantsCollection, participants);
  const audit = new AuditLog(db.collection<EventRecord>(COLLECTIONS.events));
  const sessions = new SessionRepository(db.collection<StoredSession>(COLLECTIONS.sessions));
  const joinKeys = new JoinKeyRepository(db.collection<StoredJoinKey>(COLLECTIONS.joinKeys));
  const erasure = new ParticipantErasure(db, participantsCollection, trialsCollection, responsesCollection, assignments, plans, audit, joinKeys);
  const decisions = new DecisionRepository(trialsCollection, responsesCollection, participantsCollection, erasure, participants);

  /** An event about a participant is written only while they are live, and removed if an erasure began meanwhile. */
  async function appendEvent(experimentId: string, event: NewEvent): Promise<EventRecord> {
    const participantId = event.participantId === undefined ? undefined : safeString(event.participantId, 'participantId');
    if (participantId !== undefined) await erasure.beforeWrite(participantId);
    const record = await audit.append(experimentId, event);
    if (participantId !== undefined) {
      await erasure.afterWrite(participantId, () => audit.redactParticipant(participantId), COLLECTIONS.events);
    }
    return record;
  }

  return {
    driver: db.driver,
    openExperiment: (doc) => experiments.open(doc),
    getExperiment: (id, configHash) => experiments.get(id, configHash),
    listExperiments: () => experiments.list(),
    setExperimentStatus: (id, configHash, status, at) => experiments.setStatus(id, configHash, status, at),

    insertParticipant: (doc) => participants.insert(doc),
    getParticipant: (id, options) => participants.get(id, options),
    findParticipantByLabel: (experimentId, labelHash) => participants.findByLabel(experimentId, labelHash),
    findParticipantByPlatformId: (experimentId, hash) => participants.findByPlatformId(experimentId, hash),
    advanceStep: (id, expected, next) => participants.advanceStep(id, expected, next),
    touch: (id, at) => participants.touch(id, at),
    setStatus: (id, status, options) => participants.setStatus(id, status, options),
    setLanguage: (id, language, options) => participants.setLanguage(id, language, options),
    recordComprehension: (id, at, result) => participants.recordComprehension(id, at, result),
    recordAdviceRequest: (id, at, request) => participants.recordAdviceRequest(id, at, request),
    countByCondition: (experimentId, configHash, staleBefore) =>
      participants.countByCondition(experimentId, safeString(configHash, 'configHash'), staleBefore),
    claimCondition: (participant, choose, options) => claim.claim(participant, choose, options.staleBefore, options.planFor),
    participants: (experimentId, query) => participants.list(experimentId, query),
    participantSummary: (experimentId, staleBefore, configHash, options) => participants.summary(experimentId, staleBefore, configHash, options),
    /** Removes every record of the participant (see erasure.ts); the erasure event carries counts only, no id. */
    eraseParticipant: (id) => erasure.erase(id),

    recordTrial: (record, options) => decisions.recordTrial(record, options),
    recordResponses: (records) => decisions.recordResponses(records),
    trials: (experimentId, filter) => decisions.trials(experimentId, filter),
    responses: (experimentId, filter) => decisions.responses(experimentId, filter),
    damagedRecords: (experimentId) => db.damagedRecords(safeString(experimentId, 'experimentId')),

    appendEvent,
    events: (experimentId) => audit.list(experimentId),
    verifyChain: (experimentId) => audit.verify(experimentId),

    claimJoinKey: (key, at) => joinKeys.claim(key, at),
    takeOverJoinKey: (key, heldSince, at) => joinKeys.takeOver(key, heldSince, at),
    releaseJoinKeys: (keys) => joinKeys.release(keys),

    startSession: (digest, expiresAt, now) => sessions.start(digest, expiresAt, now),
    sessionActive: (digest, now) => sessions.active(digest, now),
    endSession: (digest) => sessions.end(digest),

    close: () => db.close(),
  };
}
