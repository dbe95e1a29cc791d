import { randomBytes } from 'node:crypto';

/**
 * 128 random bits, base64url (22 characters): the participant link is the capability, so it must be unguessable.
 * Drawn again when it starts with "-" (1 in 64): a CSV export protects such a cell against formula injection with a
 * leading apostrophe, which would make the id in the file differ from the id in the link (entropy lost: 0.02 bit).
 */
export function newParticipantId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const PARTICIPANT_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Shape check before any store lookup: anything else is answered 404 without touching the store. */
export function isParticipantId(value: string): boolean {
  return PARTICIPANT_ID.test(value);
}
