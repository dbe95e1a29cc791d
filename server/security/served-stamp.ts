import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The server-side response time is "page served -> answer received". The server keeps no state between requests,
 * so the serving time travels in the form, signed: `<ms>.<hmac(participant, position, ms)>`. A forged or moved stamp
 * fails the check and the answer is refused.
 */
export function stampServedAt(secret: string, participantId: string, position: string, at: Date): string {
  const ms = String(at.getTime());
  return `${ms}.${sign(secret, participantId, position, ms)}`;
}

/** The serving time in ms since the epoch, or null when the stamp is not one we issued for this page. */
export function readServedAt(secret: string, participantId: string, position: string, stamp: string): number | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return null;
  const expected = Buffer.from(sign(secret, participantId, position, match[1]));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return Number(match[1]);
}

function sign(secret: string, participantId: string, position: string, ms: string): string {
  return createHmac('sha256', secret).update(`served\u001f${participantId}\u001f${position}\u001f${ms}`).digest('base64url');
}
