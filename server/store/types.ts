/**
 * Documents of the store. Every document carries its experiment id and, where data could differ between two
 * versions of a study, the config hash, so that data from two versions never mix silently.
 */

export type Step = 'consent' | 'instructions' | 'practice' | 'trials' | 'questionnaires' | 'debrief';
export const STEPS: readonly Step[] = ['consent', 'instructions', 'practice', 'trials', 'questionnaires', 'debrief'];

export type ParticipantStatus = 'active' | 'completed' | 'declined' | 'withdrawn' | 'screened_out';
export const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['active', 'completed', 'declined', 'withdrawn', 'screened_out'];

export type ExperimentStatus = 'open' | 'closed';

export interface ExperimentDoc {
  id: string;
  configHash: string;
  version: string;
  /** Validated snapshot of the experiment file (stored as JSON text, so any key survives both drivers). */
  config: unknown;
  status: ExperimentStatus;
  openedAt: Date;
  closedAt?: Date;
}

export interface ParticipantDoc {
  /** >= 128-bit random, base64url: the participant link is the capability. */
  id: string;
  experimentId: string;
  configHash: string;
  condition: string;
  seed: number;
  step: Step;
  /** Position within the step, e.g. trial index. */
  stepIndex: number;
  status: ParticipantStatus;
  language: 'fr' | 'en';
  /** Salted hash of an external label (e.g. an agent number); never the label itself. */
  labelHash?: string;
  /** Salted hash of the recruitment platform's participant id (e.g. PROLIFIC_PID): the same id resumes. */
  platformIdHash?: string;
  /** The comprehension check: wrong attempts so far, and whether it was passed. */
  comprehension?: { attempts: number; passed: boolean };
  /** The last advice request (advice on request): the page it was made on (`step:stepIndex`), its serving time, ms to the request. */
  adviceRequest?: { at: string; servedAt: number; ms: number };
  /** URL parameters captured at the open link (recruitment.parameters): as given, or a salted hash. */
  recruitment?: Record<string, string>;
  invited?: boolean;
  createdAt: Date;
  lastActivityAt: Date;
  completedAt?: Date;
  /** Trial plan snapshot from the design engine (stored as JSON text). */
  plan?: unknown;
}

/** A participant before assignment: `claimCondition` fills in the condition. */
export type UnassignedParticipant = Omit<ParticipantDoc, 'condition'>;

export type TrialPhase = 'initial' | 'final';

export interface AdviceShown {
  recommendation: string | number;
  confidence?: number;
  explanation: string;
  correct: boolean;
}

/** One decision phase of one trial. Unique on (participantId, practice, trialIndex, phase). */
export interface TrialRecord {
  experimentId: string;
  configHash: string;
  participantId: string;
  condition: string;
  trialIndex: number;
  practice: boolean;
  phase: TrialPhase;
  caseId: string;
  truth: string | number;
  advice: AdviceShown | null;
  decision: string | number;
  confidence?: number;
  serverRtMs: number;
  clientRtMs?: number;
  attentionCheck?: boolean;
  createdAt: Date;
  /** In-task trust probe (procedure/level `trust_probe`): the rating 1..scale_points given with this decision. */
  trustRating?: number;
  /** The same probe's self-confidence item, when asked. */
  selfConfidenceRating?: number;
  /** Advice on request: whether the participant asked to see the advice before this decision (decided by the server). */
  adviceRequested?: boolean;
  /** Advice on request: ms from the page being served to the request (server clock). */
  adviceRequestMs?: number;
  /** Delayed advice: the seconds the server made the participant wait for the advice. */
  adviceDelayS?: number;
  /** Outcome feedback shown after this decision: `trial` (this trial's) or `block` (the block summary it ends). */
  feedbackAfter?: 'trial' | 'block';
  /** Decision-power conditions only (experiments/decision-power): who had the last word on this page. */
  lastWord?: 'agent' | 'ai';
  /** Decision-power conditions only: the decision differs from the advice shown (computed by the server). */
  overridden?: boolean;
  /** An override in a condition with justify_overrides: the participant's text (personal data), trimmed. */
  justification?: string;
  /** Its length in Unicode code points, and the time on its page (served -> accepted, server clock, refusals included). */
  justificationChars?: number;
  justificationMs?: number;
  /** Decision-power conditions with justify_overrides: the characters an override's justification needed. */
  justifyMinChars?: number;
}

/** The type of a generic question's answer (experiments/questions); a scale item has none. */
export type QuestionAnswerType = 'single_choice' | 'multiple_choice' | 'number' | 'text';

/**
 * One questionnaire item answer. Unique on (participantId, scale, item). A scale item stores its value only; a
 * generic question (scale = the page id, item = the question id) also stores its `type` and, for choices and text,
 * `text`: single_choice value = position of the option (1-based), text = its value; multiple_choice value = number of
 * options chosen, text = their values joined by single spaces (empty when none); number value = the number; text
 * value = length in characters, text = the answer (personal data: erased with the participant's responses).
 */
export interface ResponseRecord {
  experimentId: string;
  configHash: string;
  participantId: string;
  condition: string;
  scale: string;
  item: string;
  value: number;
  type?: QuestionAnswerType;
  text?: string;
  createdAt: Date;
}

export type EventData = Record<string, string | number | boolean | null>;

/**
 * An audit event, linked to the previous event of the same experiment by `prevHash`.
 * hash = sha256(canonicalJSON({experimentId, seq, type, at, contentHash}) + prevHash), and
 * contentHash = sha256(canonicalJSON({participantId, data})). Keeping the personal part behind `contentHash` lets an
 * erasure remove `participantId` and `data` (marking the event `redacted`) without breaking the chain.
 */
export interface EventRecord {
  experimentId: string;
  seq: number;
  type: string;
  participantId?: string;
  at: Date;
  data?: EventData;
  contentHash: string;
  /** Set when the participant's data was erased: participantId and data are gone, the links still verify. */
  redacted?: boolean;
  prevHash: string;
  hash: string;
}

/** What `appendEvent` needs; the store computes seq and hashes. */
export interface NewEvent {
  type: string;
  participantId?: string;
  data?: EventData;
  /** Defaults to now. */
  at?: Date;
}

/** Participant counts of one condition, as assignment needs them. */
export interface ConditionCounts {
  completed: number;
  /** status active and not stale */
  inProgress: number;
  /** status active and stale by the StaleCutoff */
  stale: number;
  withdrawn: number;
  declined: number;
  /** Failed the comprehension check: their participation ended there. */
  screenedOut: number;
}

/**
 * When an active participant stops holding a place: last seen before `staleBefore`; or, for one who joined by the
 * open link and never consented (still at consent, not invited), last seen before `unconsentedBefore`, a later cut-off
 * that releases such places sooner. A bare Date is the same cut-off for everyone.
 */
export type StaleCutoff = Date | { staleBefore: Date; unconsentedBefore: Date };

/** Condition name -> counts. A condition with no participant yet is absent (read it as all zeros). */
export type ConditionCountMap = Record<string, ConditionCounts>;

/** Pure choice of a condition from the current counts; null means the study is full. */
export type ChooseCondition = (counts: ConditionCountMap) => string | null;

/** What a summary reads beyond the counters, when the caller needs it. */
export interface SummaryOptions {
  /** Count the active participants silent since then (inactiveByStep). */
  inactiveBefore?: Date;
  /** Tally the comprehension check's outcomes (reads the participants who reached it). */
  comprehension?: boolean;
}

export interface ParticipantSummary {
  total: number;
  byCondition: ConditionCountMap;
  /** Active participants (in progress or stale) per current step; every step is present. */
  activeByStep: Record<Step, number>;
  /**
   * Drop-outs by the step where they stopped: withdrawn participants, and stale ones except invited participants who
   * never went past the consent page (counted in `invitedNotStarted`); every step is present.
   */
  dropoutByStep: Record<Step, number>;
  /** Active, not stale, without an answer or visit since the summary's `inactiveBefore` (zeros without it); every step is present. */
  inactiveByStep: Record<Step, number>;
  /** Invited participants, active at the consent page: their link was not used beyond it. */
  invitedNotStarted: number;
  /** Invitations whose link was never opened at all, per condition (absent condition: none). */
  notOpenedByCondition: Record<string, number>;
  /** Comprehension check: participants who passed at the first attempt, passed later, and the wrong attempts in all. */
  comprehension: { passedFirstTry: number; passedLater: number; failedAttempts: number };
  /** Median of completedAt - createdAt over completed participants (ms); null when none completed. */
  medianCompletionMs: number | null;
}

export interface StepPosition {
  step: Step;
  stepIndex: number;
}

export interface NextStep extends StepPosition {
  status?: ParticipantStatus;
  completedAt?: Date;
  /** lastActivityAt; defaults to now. */
  at?: Date;
  /** The page language the participant answered in, stored with the move (same write). */
  language?: ParticipantDoc['language'];
}

/**
 * How a trial write may save round trips: `participant`, the participant as the request already read them (the
 * record is checked against it instead of reading them again); `advance`, the compare-and-set of their step that
 * follows the write, run by the store right after it and serving also as the check after the write (erasure.ts).
 */
export interface TrialWriteOptions {
  participant?: ParticipantDoc;
  advance?: { expected: StepPosition; next: NextStep };
}

/**
 * What a trial write returns: the record (see RecordResult) and, with `advance`, whether the move matched (`moved`)
 * and the participant as the move left them, without their plan (`participant`, absent when it did not move).
 */
export type TrialWriteResult = RecordResult<TrialRecord> & { moved?: boolean; participant?: ParticipantDoc };

export interface TrialFilter {
  participantId?: string;
  configHash?: string;
  practice?: boolean;
}

export interface ParticipantQuery {
  status?: ParticipantStatus;
  configHash?: string;
  skip?: number;
  limit?: number;
}

export interface RecordResult<T> {
  /** false when the same answer was already stored (a repeated submission). */
  created: boolean;
  record: T;
}

export interface ErasureResult {
  participant: boolean;
  trials: number;
  responses: number;
  /** events whose participant id and data were removed */
  redactedEvents: number;
}

/** A stored line that cannot be read (see DamagedRecordError). */
export interface DamagedRecord {
  file: string;
  line: number;
  reason: string;
}

export type ChainVerification =
  /** head: hash of the last event (GENESIS when empty). Publish it (e.g. with an export): truncating the end of a
   * chain is only detectable against a head recorded elsewhere. */
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; seq: number; reason: string };
