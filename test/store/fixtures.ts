import { randomBytes } from 'node:crypto';
import type { ExperimentDoc, ParticipantDoc, ResponseRecord, TrialRecord, UnassignedParticipant } from '../../server/store/index.ts';

export const T0 = new Date('2026-03-01T09:00:00.000Z');

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

export function newId(): string {
  return randomBytes(16).toString('base64url');
}

export function experiment(overrides: Partial<ExperimentDoc> = {}): ExperimentDoc {
  return {
    id: 'signaux-faibles',
    configHash: 'hash-v1',
    version: '1.0.0',
    config: { $schema: './schema.json', title: 'Signaux faibles', conditions: ['none', 'confidence'] },
    status: 'open',
    openedAt: T0,
    ...overrides,
  };
}

export function unassigned(overrides: Partial<UnassignedParticipant> = {}): UnassignedParticipant {
  return {
    id: newId(),
    experimentId: 'signaux-faibles',
    configHash: 'hash-v1',
    seed: 42,
    step: 'consent',
    stepIndex: 0,
    status: 'active',
    language: 'fr',
    createdAt: T0,
    lastActivityAt: T0,
    ...overrides,
  };
}

export function participant(overrides: Partial<ParticipantDoc> = {}): ParticipantDoc {
  return { ...unassigned(), condition: 'none', plan: { cases: ['c1', 'c2'], adviceCorrect: [true, false] }, ...overrides };
}

export function trial(p: ParticipantDoc, overrides: Partial<TrialRecord> = {}): TrialRecord {
  return {
    experimentId: p.experimentId,
    configHash: p.configHash,
    participantId: p.id,
    condition: p.condition,
    trialIndex: 0,
    practice: false,
    phase: 'initial',
    caseId: 'case-001',
    truth: 'contact',
    advice: null,
    decision: 'contact',
    confidence: 70,
    serverRtMs: 5400,
    createdAt: T0,
    ...overrides,
  };
}

export function response(p: ParticipantDoc, overrides: Partial<ResponseRecord> = {}): ResponseRecord {
  return {
    experimentId: p.experimentId,
    configHash: p.configHash,
    participantId: p.id,
    condition: p.condition,
    scale: 'trust',
    item: 'q1',
    value: 4,
    createdAt: T0,
    ...overrides,
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
