import { DuplicateKeyError, type Collection } from './collection.ts';
import { safeString } from './safe-input.ts';
import type { StoredPlan } from './stored-docs.ts';
import type { ParticipantDoc } from './types.ts';

const CACHED_PLANS = 1000;

/**
 * Trial plans, one per participant, written once at join. They live apart from the participant document, which
 * changes on every answer: a plan is ten times the size of the rest, and the embedded store rewrites a whole
 * document line on each update. Being immutable, a plan read once is kept in a bounded cache; an erasure evicts it.
 * A participant whose plan was never written (a crash between join and this write, or an older store) gets it
 * recomputed by the server from the same inputs (server/participant/plan.ts).
 */
export class PlanRepository {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly plans: Collection<StoredPlan>) {}

  async save(doc: ParticipantDoc): Promise<void> {
    if (doc.plan === undefined) return;
    const stored: StoredPlan = {
      experimentId: safeString(doc.experimentId, 'experimentId'),
      participantId: safeString(doc.id, 'id'),
      planJson: JSON.stringify(doc.plan),
    };
    try {
      await this.plans.insertOne(stored);
    } catch (error) {
      // Written once: a repeated save (a retried join) keeps the first.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }

  async get(participantId: string): Promise<unknown> {
    if (this.cache.has(participantId)) {
      const plan = this.cache.get(participantId);
      this.cache.delete(participantId);
      this.cache.set(participantId, plan);
      return plan;
    }
    const stored = await this.plans.findOne({ participantId: safeString(participantId, 'participantId') });
    if (!stored) return undefined;
    const plan = JSON.parse(stored.planJson) as unknown;
    this.cache.set(participantId, plan);
    if (this.cache.size > CACHED_PLANS) this.cache.delete(this.cache.keys().next().value as string);
    return plan;
  }

  async erase(participantId: string): Promise<number> {
    this.cache.delete(participantId);
    return this.plans.deleteMany({ participantId: safeString(participantId, 'participantId') });
  }
}
