import type { Collection } from './collection.ts';
import { assertSafeDocument, safeDate, safeInteger, safeString, withoutUndefined } from './safe-input.ts';
import type { PlanRepository } from './plans.ts';
import { median } from './median.ts';
import { updateReturning } from './returning-update.ts';
import { spans } from './spans.ts';
import { fromStoredParticipant, toStoredParticipant, VISIBLE, type StoredParticipant } from './stored-docs.ts';
import {
  PARTICIPANT_STATUSES,
  STEPS,
  type ConditionCountMap,
  type ConditionCounts,
  type NextStep,
  type ParticipantDoc,
  type ParticipantQuery,
  type ParticipantStatus,
  type ParticipantSummary,
  type StaleCutoff,
  type SummaryOptions,
  type Step,
  type StepPosition,
} from './types.ts';

function safeStep(value: unknown, name: string): Step {
  if (!STEPS.includes(value as Step)) throw new Error(`${name}: unknown step ${String(value)}`);
  return value as Step;
}

function safeStatus(value: unknown, name: string): ParticipantStatus {
  if (!PARTICIPANT_STATUSES.includes(value as ParticipantStatus)) throw new Error(`${name}: unknown status ${String(value)}`);
  return value as ParticipantStatus;
}

function safeLanguage(value: unknown, name: string): ParticipantDoc['language'] {
  if (value !== 'fr' && value !== 'en') throw new Error(`${name}: unknown language ${String(value)}`);
  return value;
}

/**
 * The compare-and-set of a participant's position: only a live participant at `expected` moves, not one whose
 * erasure began (the move doubles as the writer's check, erasure.ts); the move stores the last activity and, when
 * given, the status, completion time and page language.
 */
function stepMove(id: string, expected: StepPosition, next: NextStep): { filter: Record<string, unknown> & { id: string }; set: Record<string, unknown> } {
  const filter = {
    id: safeString(id, 'id'),
    step: safeStep(expected.step, 'expected.step'),
    stepIndex: safeInteger(expected.stepIndex, 'expected.stepIndex'),
    status: 'active',
    ...VISIBLE,
    erasing: { $exists: false },
  };
  const set: Record<string, unknown> = {
    step: safeStep(next.step, 'next.step'),
    stepIndex: safeInteger(next.stepIndex, 'next.stepIndex'),
    lastActivityAt: safeDate(next.at ?? new Date(), 'next.at'),
  };
  if (next.status !== undefined) set.status = safeStatus(next.status, 'next.status');
  if (next.completedAt !== undefined) set.completedAt = safeDate(next.completedAt, 'next.completedAt');
  if (next.language !== undefined) set.language = safeLanguage(next.language, 'next.language');
  return { filter, set };
}

function zeroSteps(): Record<Step, number> {
  return Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
}

function addStep(counts: Record<Step, number>, step: unknown, n: number): void {
  if (STEPS.includes(step as Step)) counts[step as Step] += n;
}

function zeroCounts(): ConditionCounts {
  return { completed: 0, inProgress: 0, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 };
}

/**
 * Participants: creation, the compare-and-set of their position in the flow, and counts computed by the database.
 * Their trial plans are stored apart (plans.ts) and joined back by `get`.
 */
export class ParticipantRepository {
  constructor(
    private readonly participants: Collection<StoredParticipant>,
    readonly plans: PlanRepository,
  ) {}

  /** The document as written (without its plan), checked; shared with the condition claim. */
  static toSafeStored(doc: ParticipantDoc): StoredParticipant {
    const stored = withoutUndefined(toStoredParticipant(doc));
    assertSafeDocument(stored, 'participant');
    safeString(stored.id, 'participant.id');
    safeStep(stored.step, 'participant.step');
    safeStatus(stored.status, 'participant.status');
    return stored;
  }

  async insert(doc: ParticipantDoc): Promise<void> {
    await this.participants.insertOne(ParticipantRepository.toSafeStored(doc));
    await this.plans.save(doc);
  }

  /** The participant and their plan, read at the same time (one round trip; none for a plan already cached). */
  async get(id: string, options: { withPlan?: boolean } = {}): Promise<ParticipantDoc | null> {
    const participantId = safeString(id, 'id');
    const [stored, plan] = await Promise.all([
      this.participants.findOne({ id: participantId, ...VISIBLE }),
      options.withPlan === false ? undefined : this.plans.get(participantId),
    ]);
    if (!stored) return null;
    const doc = fromStoredParticipant(stored);
    if (options.withPlan === false || doc.plan !== undefined) return doc;
    return plan === undefined ? doc : { ...doc, plan };
  }

  findByLabel(experimentId: string, labelHash: string): Promise<ParticipantDoc | null> {
    return this.firstWith(experimentId, 'labelHash', labelHash);
  }

  findByPlatformId(experimentId: string, platformIdHash: string): Promise<ParticipantDoc | null> {
    return this.firstWith(experimentId, 'platformIdHash', platformIdHash);
  }

  /** The earliest participant of the experiment whose hashed key `field` equals `hash`. */
  private async firstWith(experimentId: string, field: 'labelHash' | 'platformIdHash', hash: string): Promise<ParticipantDoc | null> {
    const filter = { experimentId: safeString(experimentId, 'experimentId'), [field]: safeString(hash, field), ...VISIBLE };
    const stored = await this.participants.findOne(filter, { sort: { createdAt: 1 } });
    return stored ? fromStoredParticipant(stored) : null;
  }

  async advanceStep(id: string, expected: StepPosition, next: NextStep): Promise<boolean> {
    const { filter, set } = stepMove(id, expected, next);
    return this.participants.updateOne(filter, { set });
  }

  /**
   * advanceStep that also returns the participant as the move left them (without their plan), read in the same
   * atomic operation (MongoDB: one findAndModify, the same single round trip as the update); `participant` is null
   * when the move did not match or the participant went meanwhile.
   */
  async moveStep(id: string, expected: StepPosition, next: NextStep): Promise<{ moved: boolean; participant: ParticipantDoc | null }> {
    const { filter, set } = stepMove(id, expected, next);
    const { matched, after } = await updateReturning(this.participants, filter, { set }, { id: filter.id, ...VISIBLE });
    return { moved: matched, participant: after ? fromStoredParticipant(after) : null };
  }

  async touch(id: string, at = new Date()): Promise<void> {
    await this.participants.updateOne({ id: safeString(id, 'id'), ...VISIBLE }, { set: { lastActivityAt: safeDate(at, 'at') } });
  }

  /** The participant's page language; with `expectedStep`, only while they are at that step (and active). */
  /**
   * Stores the outcome of a comprehension attempt, while the participant is still on the check (a concurrent
   * submission that already moved them on changes nothing).
   */
  recordComprehension(id: string, at: StepPosition, result: { attempts: number; passed: boolean }): Promise<boolean> {
    const filter = { id: safeString(id, 'id'), step: safeStep(at.step, 'at.step'), stepIndex: safeInteger(at.stepIndex, 'at.stepIndex'), status: 'active', ...VISIBLE };
    const comprehension = { attempts: safeInteger(result.attempts, 'attempts'), passed: result.passed === true };
    return this.participants.updateOne(filter, { set: { comprehension } });
  }

  /**
   * Stores that the participant asked for the advice on the page at `at` (cognitive forcing): the page's serving time
   * and the milliseconds from it to the request, while they are still on that page. Same filter and update shape as
   * recordComprehension, so both drivers store it alike.
   */
  recordAdviceRequest(id: string, at: StepPosition, request: { servedAt: number; ms: number }): Promise<boolean> {
    const filter = { id: safeString(id, 'id'), step: safeStep(at.step, 'at.step'), stepIndex: safeInteger(at.stepIndex, 'at.stepIndex'), status: 'active', ...VISIBLE };
    const adviceRequest = { at: `${at.step}:${at.stepIndex}`, servedAt: safeInteger(request.servedAt, 'servedAt'), ms: safeInteger(request.ms, 'ms') };
    return this.participants.updateOne(filter, { set: { adviceRequest } });
  }

  async setLanguage(id: string, language: ParticipantDoc['language'], options: { expectedStep?: Step } = {}): Promise<boolean> {
    const filter: Record<string, unknown> = { id: safeString(id, 'id'), ...VISIBLE };
    if (options.expectedStep !== undefined) {
      filter.step = safeStep(options.expectedStep, 'expectedStep');
      filter.status = 'active';
    }
    return this.participants.updateOne(filter, { set: { language: safeLanguage(language, 'language') } });
  }

  async setStatus(id: string, status: ParticipantStatus, options: { expected?: ParticipantStatus; at?: Date } = {}): Promise<boolean> {
    const at = safeDate(options.at ?? new Date(), 'at');
    const filter: Record<string, unknown> = { id: safeString(id, 'id'), ...VISIBLE };
    if (options.expected !== undefined) filter.status = safeStatus(options.expected, 'expected');
    const set: Record<string, unknown> = { status: safeStatus(status, 'status'), lastActivityAt: at };
    if (status === 'completed') set.completedAt = at;
    return this.participants.updateOne(filter, { set });
  }

  /** Two grouped counts in the database: by condition x status, then the stale ones among the active. */
  async countByCondition(experimentId: string, configHash: string | undefined, cutoff: StaleCutoff): Promise<ConditionCountMap> {
    const base: Record<string, unknown> = { experimentId: safeString(experimentId, 'experimentId'), ...VISIBLE };
    if (configHash !== undefined) base.configHash = safeString(configHash, 'configHash');
    const { staleBefore, unconsentedBefore } = cutoff instanceof Date ? { staleBefore: cutoff, unconsentedBefore: cutoff } : cutoff;
    const byStatus = await this.participants.countBy(base, ['condition', 'status']);
    const stale = await this.participants.countBy(
      { ...base, status: 'active', lastActivityAt: { $lt: safeDate(staleBefore, 'staleBefore') } },
      ['condition'],
    );
    if (safeDate(unconsentedBefore, 'unconsentedBefore').getTime() > staleBefore.getTime()) {
      // Open-link joiners still at consent go stale sooner; those already counted above are not counted twice.
      const unconsented = { ...base, status: 'active', step: 'consent', invited: { $exists: false } };
      stale.push(...(await this.participants.countBy({ ...unconsented, lastActivityAt: { $gte: staleBefore, $lt: unconsentedBefore } }, ['condition'])));
    }
    // A Map, not an object literal: a condition name is data and must not be able to reach Object.prototype.
    const counts = new Map<string, ConditionCounts>();
    const of = (condition: string): ConditionCounts => {
      if (!counts.has(condition)) counts.set(condition, zeroCounts());
      return counts.get(condition)!;
    };
    for (const { key, count } of byStatus) {
      const c = of(String(key.condition));
      if (key.status === 'active') c.inProgress += count;
      else if (key.status === 'completed' || key.status === 'withdrawn' || key.status === 'declined') c[key.status] += count;
      else if (key.status === 'screened_out') c.screenedOut += count;
    }
    for (const { key, count } of stale) {
      const c = of(String(key.condition));
      c.stale += count;
      // The two counts are not one snapshot: never let a participant who moved in between give a negative count.
      c.inProgress = Math.max(0, c.inProgress - count);
    }
    return Object.fromEntries(counts);
  }

  /**
   * Everything the monitoring view shows, as grouped counts computed by the database (on the embedded store, read
   * from counters kept on write), plus one pass over the completed participants for the median completion time.
   */
  async summary(experimentId: string, staleBefore: StaleCutoff, configHash?: string, options: SummaryOptions = {}): Promise<ParticipantSummary> {
    const { inactiveBefore } = options;
    const byCondition = await this.countByCondition(experimentId, configHash, staleBefore);
    const base: Record<string, unknown> = { experimentId: safeString(experimentId, 'experimentId'), ...VISIBLE };
    if (configHash !== undefined) base.configHash = safeString(configHash, 'configHash');
    const before = safeDate(staleBefore instanceof Date ? staleBefore : staleBefore.staleBefore, 'staleBefore');
    const activeByStep = zeroSteps();
    for (const { key, count } of await this.participants.countBy({ ...base, status: 'active' }, ['step'])) addStep(activeByStep, key.step, count);
    const dropoutByStep = zeroSteps();
    for (const { key, count } of await this.participants.countBy({ ...base, status: 'withdrawn' }, ['step'])) addStep(dropoutByStep, key.step, count);
    const stale = await this.participants.countBy({ ...base, status: 'active', lastActivityAt: { $lt: before } }, ['step', 'invited']);
    for (const { key, count } of stale) {
      if (!(key.invited === true && key.step === 'consent')) addStep(dropoutByStep, key.step, count);
    }
    // Open-link joiners who never consented go stale sooner (StaleCutoff): drop-outs at consent, not inactive.
    const unconsentedBefore = staleBefore instanceof Date ? before : safeDate(staleBefore.unconsentedBefore, 'unconsentedBefore');
    const unconsentedStale =
      unconsentedBefore > before
        ? await this.participants.count({ ...base, status: 'active', step: 'consent', invited: { $exists: false }, lastActivityAt: { $gte: before, $lt: unconsentedBefore } })
        : 0;
    dropoutByStep.consent += unconsentedStale;
    const invitedNotStarted = await this.participants.count({ ...base, status: 'active', step: 'consent', invited: true });
    // Not stale, but silent since inactiveBefore: likely drop-outs, shown before they go stale (a range on the counters).
    const inactiveByStep = zeroSteps();
    if (inactiveBefore !== undefined && safeDate(inactiveBefore, 'inactiveBefore') > before) {
      const silent = await this.participants.countBy({ ...base, status: 'active', lastActivityAt: { $gte: before, $lt: inactiveBefore } }, ['step', 'invited']);
      // Invited participants still at consent have not started: they are counted in invitedNotStarted instead.
      for (const { key, count } of silent) if (!(key.invited === true && key.step === 'consent')) addStep(inactiveByStep, key.step, count);
      inactiveByStep.consent = Math.max(0, inactiveByStep.consent - unconsentedStale);
    }
    // Invitations never opened: created and never seen since (the first visit is stored). Only the invited
    // participants still at consent are read, never the whole study.
    const notOpened = new Map<string, number>();
    const invitations = invitedNotStarted === 0 ? [] : this.participants.find({ ...base, status: 'active', step: 'consent', invited: true });
    for await (const p of invitations) {
      if (p.lastActivityAt.getTime() === p.createdAt.getTime()) notOpened.set(p.condition, (notOpened.get(p.condition) ?? 0) + 1);
    }
    const notOpenedByCondition = Object.fromEntries(notOpened);
    // Comprehension outcomes: only the participants who reached the check are read.
    const comprehension = { passedFirstTry: 0, passedLater: 0, failedAttempts: 0 };
    const reached = options.comprehension ? this.participants.find({ ...base, comprehension: { $exists: true } }) : [];
    for await (const p of reached) {
      const outcome = (p as { comprehension?: { attempts: number; passed: boolean } }).comprehension;
      if (!outcome) continue;
      comprehension.failedAttempts += outcome.attempts;
      if (outcome.passed) comprehension[outcome.attempts === 0 ? 'passedFirstTry' : 'passedLater'] += 1;
    }
    const medianCompletionMs = await this.medianCompletion({ ...base, status: 'completed' });
    const total = Object.values(byCondition).reduce(
      (sum, c) => sum + c.completed + c.inProgress + c.stale + c.withdrawn + c.declined + c.screenedOut,
      0,
    );
    return { total, byCondition, activeByStep, dropoutByStep, inactiveByStep, invitedNotStarted, notOpenedByCondition, comprehension, medianCompletionMs };
  }

  /** Median of completedAt - createdAt, by the driver when it can, else over the documents. */
  private async medianCompletion(filter: Record<string, unknown>): Promise<number | null> {
    if (this.participants.medianSpan) return this.participants.medianSpan(filter, 'createdAt', 'completedAt');
    const docs: StoredParticipant[] = [];
    for await (const p of this.participants.find(filter)) docs.push(p);
    return median(spans(docs as unknown as Record<string, unknown>[], 'createdAt', 'completedAt'));
  }

  async *list(experimentId: string, query: ParticipantQuery = {}): AsyncIterable<ParticipantDoc> {
    const filter: Record<string, unknown> = { experimentId: safeString(experimentId, 'experimentId'), ...VISIBLE };
    if (query.status !== undefined) filter.status = safeStatus(query.status, 'status');
    if (query.configHash !== undefined) filter.configHash = safeString(query.configHash, 'configHash');
    const options = {
      sort: { createdAt: 1, id: 1 } as const,
      ...(query.skip === undefined ? {} : { skip: safeInteger(query.skip, 'skip') }),
      ...(query.limit === undefined ? {} : { limit: safeInteger(query.limit, 'limit') }),
    };
    for await (const stored of this.participants.find(filter, options)) yield fromStoredParticipant(stored);
  }
}
