import { randomBytes } from 'node:crypto';

/** 128 random bits, base64url (22 characters): the participant link is the capability, so it must be unguessable. */
export function newParticipantId(): string {
  return randomBytes(16).toString('base64url');
}

const PARTICIPANT_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Shape check before any store lookup: anything else is answered 404 without touching the store. */
export function isParticipantId(value: string): boolean {
  return PARTICIPANT_ID.test(value);
}
