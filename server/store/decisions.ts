import { DuplicateKeyError, type Collection } from './collection.ts';
import { ConflictError } from './errors.ts';
import { ErasedParticipantError, type ParticipantErasure } from './erasure.ts';
import { assertSafeDocument, safeString, withoutUndefined } from './safe-input.ts';
import type { ParticipantRepository } from './participants.ts';
import { VISIBLE, type StoredParticipant } from './stored-docs.ts';
import type { ParticipantDoc, RecordResult, ResponseRecord, TrialFilter, TrialRecord, TrialWriteOptions, TrialWriteResult } from './types.ts';


function sameTrialAnswer(a: TrialRecord, b: TrialRecord): boolean {
  return (
    a.caseId === b.caseId &&
    a.decision === b.decision &&
    a.confidence === b.confidence &&
    a.trustRating === b.trustRating &&
    a.selfConfidenceRating === b.selfConfidenceRating
  );
}

function trialKey(r: TrialRecord): Record<string, string | number | boolean> {
  return { participantId: r.participantId, practice: r.practice, trialIndex: r.trialIndex, phase: r.phase };
}

function sameResponse(a: ResponseRecord, b: ResponseRecord): boolean {
  return a.value === b.value && (a.text ?? null) === (b.text ?? null);
}

function responseKey(r: ResponseRecord): Record<string, string> {
  return { participantId: r.participantId, scale: r.scale, item: r.item };
}

/**
 * Trial phases and questionnaire answers. A unique index makes each write idempotent: a repeated submission with
 * the same answer returns what is stored, a different answer is a conflict. Nothing is ever overwritten.
 */
export class DecisionRepository {
  constructor(
    private readonly trialsCollection: Collection<TrialRecord>,
    private readonly responsesCollection: Collection<ResponseRecord>,
    private readonly participants: Collection<StoredParticipant>,
    private readonly erasure: ParticipantErasure,
    private readonly steps: Pick<ParticipantRepository, 'moveStep'>,
  ) {}

  /**
   * Stores a trial phase (idempotent, see the class). With `options.advance`, then moves the participant's step (the
   * compare-and-set, `moved` in the result, with `participant` as the move left them, read in the same operation):
   * on MongoDB a decision costs the insert and the findAndModify, two round trips, plus none for the participant
   * when `options.participant` is given. A move that matched proves the participant still live after the write;
   * when it did not match, the usual check after the write runs (erasure.ts).
   */
  async recordTrial(record: TrialRecord, options: TrialWriteOptions = {}): Promise<TrialWriteResult> {
    const stored = withoutUndefined(record);
    assertSafeDocument(stored, 'trial');
    if (stored.phase !== 'initial' && stored.phase !== 'final') throw new Error(`trial.phase: unknown phase ${String(stored.phase)}`);
    if (options.participant) assertMatches(options.participant, stored);
    else await this.assertBelongs(stored);
    const result = await this.insertTrial(stored);
    const undo = () => this.trialsCollection.deleteMany(trialKey(stored));
    if (!options.advance) {
      if (result.created) await this.erasure.afterWrite(stored.participantId, undo, 'trials');
      return result;
    }
    const { moved, participant } = await this.steps.moveStep(stored.participantId, options.advance.expected, options.advance.next);
    if (!moved && result.created) await this.erasure.afterWrite(stored.participantId, undo, 'trials');
    return participant ? { ...result, moved, participant } : { ...result, moved };
  }

  /** Inserts the trial phase; the same answer already stored is returned (created: false), another is a conflict. */
  private async insertTrial(stored: TrialRecord): Promise<RecordResult<TrialRecord>> {
    try {
      await this.trialsCollection.insertOne(stored);
      return { created: true, record: stored };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const existing = await this.trialsCollection.findOne(trialKey(stored));
      if (!existing) throw error;
      if (!sameTrialAnswer(existing, stored)) {
        throw new ConflictError('trials', trialKey(stored), `trial ${stored.trialIndex} (${stored.phase}) already has another answer`);
      }
      return { created: false, record: existing };
    }
  }

  async recordResponses(records: readonly ResponseRecord[]): Promise<RecordResult<ResponseRecord>[]> {
    const stored = records.map((r, i) => {
      const doc = withoutUndefined(r);
      assertSafeDocument(doc, `responses[${i}]`);
      return doc;
    });
    for (const doc of stored) await this.assertBelongs(doc);
    // Every item is checked before any is written, so a conflicting batch leaves nothing half-stored.
    const existing = await Promise.all(stored.map((doc) => this.responsesCollection.findOne(responseKey(doc))));
    existing.forEach((found, i) => {
      if (found && !sameResponse(found, stored[i])) {
        throw new ConflictError('responses', responseKey(stored[i]), `item ${stored[i].scale}/${stored[i].item} already has another answer`);
      }
    });
    const results: RecordResult<ResponseRecord>[] = [];
    for (const [i, doc] of stored.entries()) {
      const found = existing[i];
      if (found) {
        results.push({ created: false, record: found });
        continue;
      }
      try {
        await this.responsesCollection.insertOne(doc);
        await this.erasure.afterWrite(doc.participantId, () => this.responsesCollection.deleteMany(responseKey(doc)), 'responses');
        results.push({ created: true, record: doc });
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        const raced = await this.responsesCollection.findOne(responseKey(doc));
        if (!raced) throw error;
        if (!sameResponse(raced, doc)) {
          throw new ConflictError('responses', responseKey(doc), `item ${doc.scale}/${doc.item} already has another answer`);
        }
        results.push({ created: false, record: raced });
      }
    }
    return results;
  }

  /** Export order: participant, practice trials first, trial index, then initial before final ('initial' > 'final'). */
  trials(experimentId: string, filter: TrialFilter = {}): AsyncIterable<TrialRecord> {
    const query: Record<string, unknown> = { experimentId: safeString(experimentId, 'experimentId') };
    if (filter.participantId !== undefined) query.participantId = safeString(filter.participantId, 'participantId');
    if (filter.configHash !== undefined) query.configHash = safeString(filter.configHash, 'configHash');
    if (filter.practice !== undefined) query.practice = filter.practice === true;
    return this.trialsCollection.find(query, { sort: { participantId: 1, practice: -1, trialIndex: 1, phase: -1 } });
  }

  responses(experimentId: string, filter: { participantId?: string; configHash?: string } = {}): AsyncIterable<ResponseRecord> {
    const query: Record<string, unknown> = { experimentId: safeString(experimentId, 'experimentId') };
    if (filter.participantId !== undefined) query.participantId = safeString(filter.participantId, 'participantId');
    if (filter.configHash !== undefined) query.configHash = safeString(filter.configHash, 'configHash');
    return this.responsesCollection.find(query, { sort: { participantId: 1, scale: 1, item: 1 } });
  }

  /** Data of two study versions or conditions must never mix silently: the record must match its participant. */
  private async assertBelongs(record: Belonging): Promise<void> {
    const participant = await this.participants.findOne({ id: safeString(record.participantId, 'participantId'), ...VISIBLE });
    if (!participant) throw new Error(`unknown participant ${record.participantId}`);
    if (participant.erasing) throw new ErasedParticipantError(record.participantId);
    assertMatches(participant, record);
  }
}

type Belonging = { participantId: string; experimentId: string; configHash: string; condition: string };

/** The record names this participant, their study version and their condition (or one of their blocks'). */
function assertMatches(participant: Pick<ParticipantDoc, 'id' | 'experimentId' | 'configHash' | 'condition'>, record: Belonging): void {
  if (participant.id !== safeString(record.participantId, 'participantId')) {
    throw new Error(`record participantId ${record.participantId} does not match participant ${participant.id}`);
  }
  for (const field of ['experimentId', 'configHash', 'condition'] as const) {
    // Within-subjects participants hold their block order ("a>b", server/participant/plan.ts); each record names its block's condition.
    if (field === 'condition' && participant.condition.split('>').includes(record.condition)) continue;
    if (participant[field] !== record[field]) {
      throw new Error(`record ${field} ${record[field]} does not match participant's ${participant[field]}`);
    }
  }
}
