import type { ParticipantDoc, ParticipantStatus, Step, Store, TrialRecord } from '../../server/store/index.ts';

/** Builds participants and their records directly in the store, so each test knows exactly what it stored. */
export class Population {
  private n = 0;
  private static batch = 0;
  private readonly prefix = `tp${(Population.batch += 1)}-`;
  constructor(
    private readonly store: Store,
    readonly experimentId: string,
    readonly configHash: string,
    readonly now: Date,
  ) {}

  async participant(
    condition: string,
    status: ParticipantStatus,
    options: { step?: Step; minutesAgo?: number; lastActiveMinutesAgo?: number; durationMinutes?: number; invited?: boolean; recruitment?: Record<string, string> } = {},
  ): Promise<ParticipantDoc> {
    this.n += 1;
    const created = new Date(this.now.getTime() - (options.minutesAgo ?? 30) * 60_000);
    const last = new Date(this.now.getTime() - (options.lastActiveMinutesAgo ?? 1) * 60_000);
    const doc: ParticipantDoc = {
      id: `${this.prefix}participant-${String(this.n).padStart(6, '0')}`,
      experimentId: this.experimentId,
      configHash: this.configHash,
      condition,
      seed: this.n,
      step: options.step ?? (status === 'completed' ? 'debrief' : 'trials'),
      stepIndex: 0,
      status,
      language: 'fr',
      ...(options.invited ? { invited: true } : {}),
      ...(options.recruitment ? { recruitment: options.recruitment } : {}),
      createdAt: created,
      lastActivityAt: last,
      ...(status === 'completed'
        ? { completedAt: new Date(created.getTime() + (options.durationMinutes ?? 20) * 60_000) }
        : {}),
    };
    await this.store.insertParticipant(doc);
    return doc;
  }

  /** Records one phase; `advice` defaults to a right recommendation equal to the truth. */
  async phase(
    p: ParticipantDoc,
    trialIndex: number,
    phase: 'initial' | 'final',
    fields: Partial<TrialRecord> & { decision: string | number },
  ): Promise<TrialRecord> {
    const record: TrialRecord = {
      experimentId: this.experimentId,
      configHash: this.configHash,
      participantId: p.id,
      condition: p.condition,
      trialIndex,
      practice: false,
      phase,
      caseId: `sf-${String(trialIndex + 1).padStart(3, '0')}`,
      truth: 'contacter',
      advice:
        phase === 'final'
          ? { recommendation: 'contacter', confidence: 0.8, explanation: p.condition === 'confidence' ? 'confidence' : 'none', correct: true }
          : null,
      serverRtMs: 4000 + trialIndex,
      createdAt: new Date(this.now.getTime() - 60_000),
      ...fields,
    };
    return (await this.store.recordTrial(record)).record;
  }

  /** A complete two-stage trial: initial then final. */
  async trial(
    p: ParticipantDoc,
    trialIndex: number,
    initial: Partial<TrialRecord> & { decision: string | number },
    final: Partial<TrialRecord> & { decision: string | number },
  ): Promise<[TrialRecord, TrialRecord]> {
    const shared = { caseId: initial.caseId ?? final.caseId, truth: initial.truth ?? final.truth };
    const clean = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const a = await this.phase(p, trialIndex, 'initial', { ...clean(shared), ...initial });
    const b = await this.phase(p, trialIndex, 'final', { ...clean(shared), ...final });
    return [a, b];
  }
}
