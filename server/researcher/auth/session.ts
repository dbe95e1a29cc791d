import { createHash, createHmac, randomBytes } from 'node:crypto';
import { tokensMatch } from './token.ts';

/** Name of the researcher's sign-in cookie (scoped to /admin). */
export const SESSION_COOKIE = 'confiance_researcher';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * A dashboard session is a random id, recorded in the store (as a digest) until it expires or the researcher signs
 * out, and sent as `<id>.<hmac>`. The HMAC key derives from SECRET and the token, so a forged cookie is refused
 * without a store read, and changing RESEARCHER_TOKEN signs every researcher out.
 */
export function sessionKey(secret: string, token: string): Buffer {
  return createHmac('sha256', secret).update(`researcher-session\u0000${token}`).digest();
}

/** A new session: the cookie value and the digest the store keeps. */
export function newSession(key: Buffer): { cookie: string; digest: string } {
  const id = randomBytes(16).toString('base64url');
  return { cookie: `${id}.${sign(key, id)}`, digest: sessionDigest(id) };
}

/** The store digest of a cookie we signed, or null for anything else (the store is then not asked). */
export function signedSessionDigest(value: unknown, key: Buffer): string | null {
  if (typeof value !== 'string') return null;
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match || !tokensMatch(match[2], sign(key, match[1]))) return null;
  return sessionDigest(match[1]);
}

function sessionDigest(id: string): string {
  return createHash('sha256').update(`researcher-session\u0000${id}`).digest('hex');
}

function sign(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}
