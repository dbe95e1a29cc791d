import type { Database } from './collection.ts';
import { ConditionClaim } from './assignment.ts';
import { AuditLog } from './audit-log.ts';
import { DecisionRepository } from './decisions.ts';
import { ExperimentRepository } from './experiments.ts';
import { ParticipantRepository } from './participants.ts';
import { PlanRepository } from './plans.ts';
import { safeString } from './safe-input.ts';
import { SessionRepository } from './sessions.ts';
import { COLLECTIONS } from './schema.ts';
import type { Store } from './store.ts';
import type { AssignmentDoc, StoredExperiment, StoredParticipant, StoredPlan, StoredSession } from './stored-docs.ts';
import type { ErasureResult, EventRecord, ResponseRecord, TrialRecord } from './types.ts';

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
  const decisions = new DecisionRepository(trialsCollection, responsesCollection, participantsCollection);
  const audit = new AuditLog(db.collection<EventRecord>(COLLECTIONS.events));
  const sessions = new SessionRepository(db.collection<StoredSession>(COLLECTIONS.sessions));

  /**
   * Decisions first, the participant document last: if the process dies half-way, erasing again finishes the job.
   * The erasure leaves one audit event with counts only, no participant id.
   */
  async function eraseParticipant(id: string): Promise<ErasureResult> {
    const participantId = safeString(id, 'id');
    const found = await participantsCollection.findOne({ id: participantId });
    const trials = await trialsCollection.deleteMany({ participantId });
    const responses = await responsesCollection.deleteMany({ participantId });
    const plansRemoved = await plans.erase(participantId);
    const redactedEvents = await audit.redactParticipant(participantId);
    const claims = await assignments.updateMany({ lastClaimant: participantId }, { set: { lastClaimant: null } });
    const removed = await participantsCollection.deleteMany({ id: participantId });
    // Only the files that held something of the participant are rewritten: compacting a large trials file is slow.
    const changed: [string, number][] = [
      [COLLECTIONS.participants, removed],
      [COLLECTIONS.trials, trials],
      [COLLECTIONS.responses, responses],
      [COLLECTIONS.plans, plansRemoved],
      [COLLECTIONS.events, redactedEvents],
      [COLLECTIONS.assignments, claims],
    ];
    await db.purge(changed.filter(([, n]) => n > 0).map(([name]) => name));
    if (found) {
      await audit.append(found.experimentId, { type: 'participant.erased', data: { trials, responses, redactedEvents } });
    }
    return { participant: removed > 0, trials, responses, redactedEvents };
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
    countByCondition: (experimentId, configHash, staleBefore) =>
      participants.countByCondition(experimentId, safeString(configHash, 'configHash'), staleBefore),
    claimCondition: (participant, choose, options) => claim.claim(participant, choose, options.staleBefore, options.planFor),
    participants: (experimentId, query) => participants.list(experimentId, query),
    participantSummary: (experimentId, staleBefore, configHash) => participants.summary(experimentId, staleBefore, configHash),
    eraseParticipant,

    recordTrial: (record) => decisions.recordTrial(record),
    recordResponses: (records) => decisions.recordResponses(records),
    trials: (experimentId, filter) => decisions.trials(experimentId, filter),
    responses: (experimentId, filter) => decisions.responses(experimentId, filter),

    appendEvent: (experimentId, event) => audit.append(experimentId, event),
    events: (experimentId) => audit.list(experimentId),
    verifyChain: (experimentId) => audit.verify(experimentId),

    startSession: (digest, expiresAt, now) => sessions.start(digest, expiresAt, now),
    sessionActive: (digest, now) => sessions.active(digest, now),
    endSession: (digest) => sessions.end(digest),

    close: () => db.close(),
  };
}
