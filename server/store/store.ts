import type { JoinKeyClaim } from './join-keys.ts';
import type {
  TrialWriteOptions,
  TrialWriteResult,
  ChainVerification,
  ChooseCondition,
  ConditionCountMap,
  DamagedRecord,
  ErasureResult,
  EventRecord,
  ExperimentDoc,
  ExperimentStatus,
  NewEvent,
  NextStep,
  ParticipantDoc,
  ParticipantQuery,
  ParticipantStatus,
  ParticipantSummary,
  RecordResult,
  ResponseRecord,
  StaleCutoff,
  Step,
  StepPosition,
  SummaryOptions,
  TrialFilter,
  TrialRecord,
  UnassignedParticipant,
} from './types.ts';

/**
 * The repository: every read and write of Confiance's data goes through it, whatever the driver.
 * Inputs are built by our code from zod-parsed values; the store still refuses `$` keys/strings (defence in depth).
 */
export interface Store {
  /** 'embedded' (nedb files in DATA_DIR) or 'mongodb'. */
  readonly driver: 'embedded' | 'mongodb';

  // --- experiments
  /** Records an opened experiment version; opening the same (id, configHash) again returns the stored one unchanged. */
  openExperiment(doc: ExperimentDoc): Promise<ExperimentDoc>;
  /** The given version, or without configHash the most recently opened version of the experiment. */
  getExperiment(id: string, configHash?: string): Promise<ExperimentDoc | null>;
  /** All experiment versions, by id then openedAt. */
  listExperiments(): Promise<ExperimentDoc[]>;
  /** Opens or closes one version; false when it does not exist. */
  setExperimentStatus(id: string, configHash: string, status: ExperimentStatus, at?: Date): Promise<boolean>;

  // --- participants
  /** Inserts a participant whose condition is already decided (throws if the id exists). */
  insertParticipant(doc: ParticipantDoc): Promise<void>;
  /** The participant with their trial plan (`withPlan: false` skips reading the plan, e.g. for an export). */
  getParticipant(id: string, options?: { withPlan?: boolean }): Promise<ParticipantDoc | null>;
  findParticipantByLabel(experimentId: string, labelHash: string): Promise<ParticipantDoc | null>;
  /** The participant who came with this (hashed) recruitment-platform id, if any. */
  findParticipantByPlatformId(experimentId: string, platformIdHash: string): Promise<ParticipantDoc | null>;
  /**
   * Compare-and-set of the participant's position: moves to `next` only if the participant is still at `expected`
   * and active. Of two concurrent submissions exactly one gets true.
   */
  advanceStep(id: string, expected: StepPosition, next: NextStep): Promise<boolean>;
  /** Updates lastActivityAt. */
  touch(id: string, at?: Date): Promise<void>;
  /** Sets the status (e.g. withdrawn); with `expected`, only if the current status is that one. */
  setStatus(id: string, status: ParticipantStatus, options?: { expected?: ParticipantStatus; at?: Date }): Promise<boolean>;
  /** Sets the language of the participant's pages; with `expectedStep`, only while active at that step. */
  setLanguage(id: string, language: ParticipantDoc['language'], options?: { expectedStep?: Step }): Promise<boolean>;
  /** The comprehension check's outcome so far, stored only while the participant is still at `at`. */
  recordComprehension(id: string, at: StepPosition, result: { attempts: number; passed: boolean }): Promise<boolean>;
  /** The participant asked for the advice on the page at `at` (stored only while they are still there). */
  recordAdviceRequest(id: string, at: StepPosition, request: { servedAt: number; ms: number }): Promise<boolean>;
  /** Counts per condition of one experiment version (absent condition = zeros). Computed in the store. */
  countByCondition(experimentId: string, configHash: string, staleBefore: StaleCutoff): Promise<ConditionCountMap>;
  /**
   * Atomically picks a condition with `choose(counts)` and inserts the participant with it, so that concurrent claims
   * (also from several processes on one MongoDB) never act on stale counts. Returns null when choose says full.
   * `planFor(condition)`, when given, builds the participant's trial plan for the chosen condition (pure, synchronous).
   */
  claimCondition(
    participant: UnassignedParticipant,
    choose: ChooseCondition,
    options: { staleBefore: StaleCutoff; planFor?: (condition: string) => unknown },
  ): Promise<ParticipantDoc | null>;
  /** Participants of an experiment ordered by createdAt then id, without their trial plans. */
  participants(experimentId: string, query?: ParticipantQuery): AsyncIterable<ParticipantDoc>;
  /** Monitoring: counts per condition x status (all config versions unless configHash) and active ones per step. */
  participantSummary(experimentId: string, staleBefore: StaleCutoff, configHash?: string, options?: SummaryOptions): Promise<ParticipantSummary>;
  /** Removes every document of the participant; their audit events are redacted, and an erasure event appended. */
  eraseParticipant(id: string): Promise<ErasureResult>;

  // --- decisions
  /**
   * Stores one trial phase. Same (participant, practice, trialIndex, phase) with the same answer (caseId, decision,
   * confidence) returns the stored record with created=false; a different answer throws ConflictError.
   */
  recordTrial(record: TrialRecord, options?: TrialWriteOptions): Promise<TrialWriteResult>;
  /** Same rule per (participant, scale, item). Checks every item before writing any; throws ConflictError. */
  recordResponses(records: readonly ResponseRecord[]): Promise<RecordResult<ResponseRecord>[]>;
  /** Trials ordered by participantId, practice first, trialIndex, phase initial then final. Constant memory on MongoDB. */
  trials(experimentId: string, filter?: TrialFilter): AsyncIterable<TrialRecord>;
  /** Responses ordered by participantId, scale, item. */
  responses(experimentId: string, filter?: { participantId?: string; configHash?: string }): AsyncIterable<ResponseRecord>;

  /**
   * Stored lines of the experiment that cannot be read, first one per file: an export checks this before it starts,
   * so that it can name the damage instead of sending a truncated file. Always empty on MongoDB.
   */
  damagedRecords(experimentId: string): Promise<DamagedRecord[]>;

  // --- audit
  /**
   * Appends to the experiment's hash chain; appends are serialized per experiment (across processes on MongoDB). An
   * event naming a participant is refused (ErasedParticipantError) unless the participant exists and no erasure of
   * them has begun.
   */
  appendEvent(experimentId: string, event: NewEvent): Promise<EventRecord>;
  /** Events ordered by seq. */
  events(experimentId: string): AsyncIterable<EventRecord>;
  /** Recomputes every link; returns the first broken one. */
  verifyChain(experimentId: string): Promise<ChainVerification>;

  // --- join keys: one participant per label or platform id, across processes (see join-keys.ts)
  /** Takes `key` for a join at `at`, or says since when another join holds it. */
  claimJoinKey(key: string, at: Date): Promise<JoinKeyClaim>;
  /** Takes over a key held since `heldSince` by a join that created nobody; true when this join now holds it. */
  takeOverJoinKey(key: string, heldSince: Date, at: Date): Promise<boolean>;
  /** Gives keys back (their join created no participant). */
  releaseJoinKeys(keys: readonly string[]): Promise<void>;

  // --- researcher sessions (the caller stores a digest of the session id, never the id)
  /** Records a dashboard session until `expiresAt` (and forgets the sessions expired at `now`). */
  startSession(digest: string, expiresAt: Date, now: Date): Promise<void>;
  /** True while the session was started, not ended, and `now` is before its end. */
  sessionActive(digest: string, now: Date): Promise<boolean>;
  /** Ends the session for every process sharing the store (sign-out). */
  endSession(digest: string): Promise<void>;

  close(): Promise<void>;
}
