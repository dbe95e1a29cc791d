import { createHmac } from 'node:crypto';
import { tokensMatch } from './token.ts';

/** Name of the researcher's sign-in cookie (scoped to /admin). */
export const SESSION_COOKIE = 'confiance_researcher';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * Stateless signed session: `<issuedAtMs>.<hmac>`. The key derives from SECRET and the token, so changing
 * RESEARCHER_TOKEN signs every researcher out; nothing is kept in server memory (several processes can serve).
 */
export function sessionKey(secret: string, token: string): Buffer {
  return createHmac('sha256', secret).update(`researcher-session\u0000${token}`).digest();
}

export function issueSession(key: Buffer, now: Date): string {
  const issued = String(now.getTime());
  return `${issued}.${sign(key, issued)}`;
}

/** True when the cookie value was issued by us and is younger than SESSION_MAX_AGE_MS. */
export function sessionValid(value: unknown, key: Buffer, now: Date): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const issued = Number(match[1]);
  const age = now.getTime() - issued;
  if (age < 0 || age > SESSION_MAX_AGE_MS) return false;
  return tokensMatch(match[2], sign(key, match[1]));
}

function sign(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}
