import { PARTICIPANT_STATUSES, type ExperimentDoc, type ParticipantDoc, type ParticipantStatus } from '../../store/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { NotFoundError } from '../experiments/catalog.ts';
import { UserError } from '../../../experiments/user-error.ts';
import type { PaymentDue } from '../../../experiments/payment/compute.ts';
import { participantPayment } from '../../payment/participant-payment.ts';
import { completionCodeOf, participantCompletionCode, participantReference } from '../../security/participant-codes.ts';

export const PAGE_SIZE = 50;

/** A participant as listed to the researcher (the trial plan stays out: it is large and holds the truths). */
export interface ParticipantRow {
  id: string;
  condition: string;
  status: ParticipantStatus;
  step: string;
  stepIndex: number;
  invited: boolean;
  labelled: boolean;
  createdAt: string;
  lastActivityAt: string;
  completedAt: string | null;
}

export function participantRow(p: ParticipantDoc): ParticipantRow {
  return {
    id: p.id,
    condition: p.condition,
    status: p.status,
    step: p.step,
    stepIndex: p.stepIndex,
    invited: p.invited === true,
    labelled: p.labelHash !== undefined,
    createdAt: p.createdAt.toISOString(),
    lastActivityAt: p.lastActivityAt.toISOString(),
    completedAt: p.completedAt ? p.completedAt.toISOString() : null,
  };
}

export function parseStatus(value: unknown): ParticipantStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (PARTICIPANT_STATUSES as readonly string[]).includes(value)) return value as ParticipantStatus;
  throw new UserError(`Unknown status "${String(value)}"`, [`one of: ${PARTICIPANT_STATUSES.join(', ')}`]);
}

export function parsePage(value: unknown): number {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UserError(`Invalid page "${String(value)}"`);
  return n;
}

/**
 * The participants of a study whose per-participant completion code or erasure reference is `code` (normally one;
 * none for a made-up code). Codes are recomputed from each id with the SECRET: nothing to look up in the store.
 */
export async function participantsWithCode(deps: ResearcherDeps, doc: ExperimentDoc, code: string): Promise<{ code: string; matches: (ParticipantRow & { matched: 'completion_code' | 'reference' })[] }> {
  const wanted = code.trim().toUpperCase();
  const matches: (ParticipantRow & { matched: 'completion_code' | 'reference' })[] = [];
  for await (const p of deps.store.participants(doc.id, {})) {
    if (participantCompletionCode(deps.secret, doc.id, p.id) === wanted) matches.push({ ...participantRow(p), matched: 'completion_code' });
    else if (participantReference(deps.secret, doc.id, p.id) === wanted) matches.push({ ...participantRow(p), matched: 'reference' });
  }
  return { code: wanted, matches };
}

/** One page of participants, newest version only, in the store's order (createdAt then id). */
export async function participantPage(
  deps: ResearcherDeps,
  doc: ExperimentDoc,
  page: number,
  status?: ParticipantStatus,
): Promise<{ page: number; pageSize: number; hasNext: boolean; participants: ParticipantRow[] }> {
  const rows: ParticipantRow[] = [];
  // One extra document tells whether a next page exists without counting.
  for await (const p of deps.store.participants(doc.id, {
    configHash: doc.configHash,
    status,
    skip: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE + 1,
  })) {
    rows.push(participantRow(p));
  }
  return { page, pageSize: PAGE_SIZE, hasNext: rows.length > PAGE_SIZE, participants: rows.slice(0, PAGE_SIZE) };
}

export interface ParticipantDetail {
  participant: ParticipantRow & {
    experimentId: string;
    configHash: string;
    language: string;
    /** The completion code this participant was shown (their own when codes are per participant). */
    completionCode: string | null;
    /** The reference they quote for an erasure request. */
    reference: string;
    /** Recruitment parameters kept from their link (as given, or salted hashes). */
    recruitment: Record<string, string>;
    /** What the server computed they are due (null: the study declares no payment). */
    payment: PaymentDue | null;
  };
  trials: {
    trialIndex: number;
    practice: boolean;
    phase: string;
    caseId: string;
    truth: string | number;
    aiAdvice: string | number | null;
    aiCorrect: boolean | null;
    decision: string | number;
    confidence: number | null;
    serverRtMs: number;
    clientRtMs: number | null;
    attentionCheck: boolean;
    at: string;
  }[];
  responses: { scale: string; item: string; value: number; text?: string; at: string }[];
  events: { seq: number; type: string; at: string }[];
}

export async function participantDetail(deps: ResearcherDeps, id: string): Promise<ParticipantDetail> {
  const p = await deps.store.getParticipant(id);
  if (!p) throw new NotFoundError('No such participant (never existed, or erased).');
  const trials: ParticipantDetail['trials'] = [];
  for await (const t of deps.store.trials(p.experimentId, { participantId: id })) {
    trials.push({
      trialIndex: t.trialIndex,
      practice: t.practice,
      phase: t.phase,
      caseId: t.caseId,
      truth: t.truth,
      aiAdvice: t.advice ? t.advice.recommendation : null,
      aiCorrect: t.advice ? t.advice.correct : null,
      decision: t.decision,
      confidence: t.confidence ?? null,
      serverRtMs: t.serverRtMs,
      clientRtMs: t.clientRtMs ?? null,
      attentionCheck: t.attentionCheck === true,
      at: t.createdAt.toISOString(),
    });
  }
  const responses: ParticipantDetail['responses'] = [];
  for await (const r of deps.store.responses(p.experimentId, { participantId: id })) {
    responses.push({ scale: r.scale, item: r.item, value: r.value, ...(r.text === undefined ? {} : { text: r.text }), at: r.createdAt.toISOString() });
  }
  const events: ParticipantDetail['events'] = [];
  for await (const e of deps.store.events(p.experimentId)) {
    if (e.participantId === id) events.push({ seq: e.seq, type: e.type, at: e.at.toISOString() });
  }
  const experiment = await deps.registry.version(p.experimentId, p.configHash);
  return {
    participant: {
      ...participantRow(p),
      experimentId: p.experimentId,
      configHash: p.configHash,
      language: p.language,
      completionCode: experiment ? completionCodeOf(experiment.file, p.id, deps.secret) : null,
      reference: participantReference(deps.secret, p.experimentId, p.id),
      recruitment: p.recruitment ?? {},
      payment: experiment ? await participantPayment(deps.store, experiment.file, p.id) : null,
    },
    trials,
    responses,
    events,
  };
}
