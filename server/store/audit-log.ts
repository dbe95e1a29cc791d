import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateKeyError, type Collection } from './collection.ts';
import { assertSafeDocument, safeDate, safeString, withoutUndefined } from './safe-input.ts';
import { brokenLink, contentHash, eventHash, GENESIS_HASH } from './audit-chain.ts';
import type { ChainVerification, EventRecord, NewEvent } from './types.ts';

const MAX_ATTEMPTS = 100;

/**
 * Tamper-evident audit log: one hash chain per experiment. Appends are serialized per experiment in this process
 * (a promise queue), and across processes by the unique index on (experimentId, seq): a process that lost the race
 * for a seq re-reads the head and retries, so the chain cannot fork.
 */
export class AuditLog {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly events: Collection<EventRecord>) {}

  append(experimentId: string, event: NewEvent): Promise<EventRecord> {
    safeString(experimentId, 'experimentId');
    const previous = this.queues.get(experimentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.appendNow(experimentId, event));
    this.queues.set(experimentId, next);
    void next.finally(() => {
      if (this.queues.get(experimentId) === next) this.queues.delete(experimentId);
    }).catch(() => undefined);
    return next;
  }

  async *list(experimentId: string): AsyncIterable<EventRecord> {
    yield* this.events.find({ experimentId: safeString(experimentId, 'experimentId') }, { sort: { seq: 1 } });
  }

  async verify(experimentId: string): Promise<ChainVerification> {
    let count = 0;
    let prevHash = GENESIS_HASH;
    for await (const event of this.list(experimentId)) {
      const reason = brokenLink(event, count + 1, prevHash);
      if (reason) return { ok: false, count, seq: event.seq, reason };
      count += 1;
      prevHash = event.hash;
    }
    return { ok: true, count, head: prevHash };
  }

  /** Sequence number of the experiment's last event (0 when none). */
  async headSeq(experimentId: string): Promise<number> {
    const head = await this.events.findOne({ experimentId: safeString(experimentId, 'experimentId') }, { sort: { seq: -1 } });
    return head ? head.seq : 0;
  }

  /** Events of the experiment after sequence number `seq`, in order. */
  after(experimentId: string, seq: number): AsyncIterable<EventRecord> {
    return this.events.find({ experimentId: safeString(experimentId, 'experimentId'), seq: { $gt: seq } }, { sort: { seq: 1 } });
  }

  /** Number of events naming the participant. */
  countParticipant(participantId: string): Promise<number> {
    return this.events.count({ participantId: safeString(participantId, 'participantId') });
  }

  /** Removes a participant's id and data from their events; the links still verify (see audit-chain.ts). */
  async redactParticipant(participantId: string): Promise<number> {
    return this.events.updateMany(
      { participantId: safeString(participantId, 'participantId') },
      { unset: ['participantId', 'data'], set: { redacted: true } },
    );
  }

  private async appendNow(experimentId: string, input: NewEvent): Promise<EventRecord> {
    const type = safeString(input.type, 'type');
    const participantId = input.participantId === undefined ? undefined : safeString(input.participantId, 'participantId');
    const at = safeDate(input.at ?? new Date(), 'at');
    const data = input.data === undefined ? undefined : withoutUndefined(input.data);
    assertSafeDocument(data ?? null, 'event.data');
    const content = contentHash(participantId, data);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const head = await this.events.findOne({ experimentId }, { sort: { seq: -1 } });
      const seq = head ? head.seq + 1 : 1;
      const prevHash = head ? head.hash : GENESIS_HASH;
      const fields = { experimentId, seq, type, at, contentHash: content, prevHash };
      const record: EventRecord = withoutUndefined({ ...fields, participantId, data, hash: eventHash(fields) });
      try {
        await this.events.insertOne(record);
        return record;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        await sleep(Math.random() * Math.min(20, 1 + attempt));
      }
    }
    throw new Error(`could not append an event to ${experimentId} after ${MAX_ATTEMPTS} attempts (contention)`);
  }
}
