import type { ExperimentDoc, ParticipantDoc } from './types.ts';

/**
 * How documents are laid out in the database when it differs from the public type. Free-form snapshots (experiment
 * config, trial plan) are stored as JSON text: they may hold keys such as `$schema` that neither database accepts
 * as field names, and the text keeps them exactly as validated.
 */
export type StoredExperiment = Omit<ExperimentDoc, 'config'> & { configJson: string };

export type StoredParticipant = Omit<ParticipantDoc, 'plan'> & {
  /** Only in documents written before plans moved to their own collection (see plans.ts); read, never written. */
  planJson?: string;
  /** Present while a condition claim is not yet committed (see assignment.ts); such a participant is invisible. */
  pendingClaim?: number;
  /** Set when an erasure of the participant began (see erasure.ts): no write for them is accepted any more. */
  erasing?: true;
  /** What the erasure that began found, kept so that an erasure run again after a failure logs it once (erasure.ts). */
  erasure?: ErasureMark;
};

/** Written with `erasing`: the counts of the participant's records then, and the token of the erasure's audit event. */
export interface ErasureMark {
  /** Random, names nothing: the erasure event carries it, so that a retry finds whether it was already logged. */
  token: string;
  /** Sequence number of the experiment's last audit event before the erasure; its event comes after. */
  afterSeq: number;
  trials: number;
  responses: number;
  redactedEvents: number;
}

/** A participant's trial plan (plans.ts). */
export interface StoredPlan {
  experimentId: string;
  participantId: string;
  planJson: string;
}

/** A researcher dashboard session (see sessions.ts): the digest of its id and when it ends. */
/** A label or platform id taken by a join (join-keys.ts): the key and when it was taken, nothing else. */
export interface StoredJoinKey {
  key: string;
  at: Date;
}

export interface StoredSession {
  digest: string;
  expiresAt: Date;
}

/** Per-experiment version document of the optimistic condition claim. */
export interface AssignmentDoc {
  experimentId: string;
  version: number;
  /** Participant whose claim made the current version; later claimers make sure it is visible (see assignment.ts). */
  lastClaimant: string | null;
}

/** Filter part that hides participants whose claim is not committed. */
export const VISIBLE = { pendingClaim: { $exists: false } } as const;

export function toStoredExperiment(doc: ExperimentDoc): StoredExperiment {
  const { config, ...rest } = doc;
  return { ...rest, configJson: JSON.stringify(config ?? null) };
}

export function fromStoredExperiment(stored: StoredExperiment): ExperimentDoc {
  const { configJson, ...rest } = stored;
  return { ...rest, config: JSON.parse(configJson) as unknown };
}

/** The participant document without its plan, which is stored apart (plans.ts). */
export function toStoredParticipant(doc: ParticipantDoc): StoredParticipant {
  const { plan, ...rest } = doc;
  void plan;
  return rest;
}

export function fromStoredParticipant(stored: StoredParticipant): ParticipantDoc {
  const { planJson, pendingClaim, erasing, erasure, ...rest } = stored;
  void pendingClaim;
  void erasing;
  void erasure;
  return planJson === undefined ? rest : { ...rest, plan: JSON.parse(planJson) as unknown };
}
