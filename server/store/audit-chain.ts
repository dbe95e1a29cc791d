import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { EventData, EventRecord } from './types.ts';

/** prevHash of the first event of an experiment. */
export const GENESIS_HASH = '0'.repeat(64);

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of the personal part of an event, kept so that erasure can remove that part without breaking the chain. */
export function contentHash(participantId: string | undefined, data: EventData | undefined): string {
  return sha256(canonicalJson({ participantId: participantId ?? null, data: data ?? null }));
}

/** sha256(canonicalJSON(event fields) + previous hash). */
export function eventHash(event: Pick<EventRecord, 'experimentId' | 'seq' | 'type' | 'at' | 'contentHash' | 'prevHash'>): string {
  const { experimentId, seq, type, at, contentHash: content } = event;
  return sha256(canonicalJson({ experimentId, seq, type, at, contentHash: content }) + event.prevHash);
}

/** Checks one event against its predecessor; returns what is wrong, or null. */
export function brokenLink(event: EventRecord, expectedSeq: number, expectedPrevHash: string): string | null {
  if (event.seq !== expectedSeq) return `expected seq ${expectedSeq}, found ${event.seq} (an event is missing or inserted)`;
  if (event.prevHash !== expectedPrevHash) return 'prevHash does not match the previous event';
  if (!event.redacted && contentHash(event.participantId, event.data) !== event.contentHash) {
    return 'participant or data were modified';
  }
  if (event.redacted && (event.participantId !== undefined || event.data !== undefined)) return 'redacted event carries data';
  if (eventHash(event) !== event.hash) return 'hash does not match the event';
  return null;
}
