/**
 * "This browser already takes part": a cookie that lets the browser a participant started with come back to the
 * open link `/e/<study>` and land on their own pages instead of starting again (issue #13, "coming back").
 *
 * The cookie is scoped to the study's open link (Path=/e/<study>), HttpOnly and SameSite=Lax, and holds the
 * participant id sealed with AES-256-GCM under a key derived from SECRET: the id is the participant's capability, so
 * it is not written in clear where proxies, extensions or a shared machine's cookie store could read it, and a cookie
 * made up by hand opens nothing.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { isParticipantId } from '../security/ids.ts';
import { RepeatedCookies } from '../security/set-cookie.ts';

export const BROWSER_COOKIE = 'confiance_participant';
const MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;
/** Bound of the sealed values kept for re-sending (a few hundred bytes each; the oldest is dropped first). */
const SEALED_KEPT = 10_000;

export interface BrowserBinding {
  /** The participant id this browser was bound to for `experimentId`, or null. */
  read(req: Request, experimentId: string): string | null;
  bind(req: Request, res: Response, experimentId: string, participantId: string): void;
}

export function browserBinding(secret: string, secure: boolean): BrowserBinding {
  const key = createHmac('sha256', secret).update('participant-browser-cookie').digest();
  // The study id is authenticated with the sealed id: a cookie of one study never opens another's pages.
  const seal = (experimentId: string, participantId: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(experimentId));
    const body = Buffer.concat([cipher.update(participantId, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  // Every page view re-sends the cookie (a link may have brought the participant from another browser): the value
  // sealed for (study, participant) is kept and sent again, so a page view costs no encryption. Sending the same
  // ciphertext again reveals nothing new; every new seal draws a fresh IV, so no IV ever serves two plaintexts.
  const sealed = new Map<string, string>();
  const sealedFor = (experimentId: string, participantId: string): string => {
    const key = `${experimentId}\u0000${participantId}`;
    const kept = sealed.get(key);
    if (kept !== undefined) return kept;
    const value = seal(experimentId, participantId);
    if (sealed.size >= SEALED_KEPT) sealed.delete(sealed.keys().next().value as string);
    sealed.set(key, value);
    return value;
  };
  // The same value goes out on every page view: its header is serialized once per second, not per response.
  const cookies = new RepeatedCookies({ httpOnly: true, sameSite: 'lax', secure, maxAge: MAX_AGE_MS });
  const unseal = (experimentId: string, value: string): string | null => {
    const bytes = Buffer.from(value, 'base64url');
    if (bytes.length < 12 + 16 + 16 || bytes.length > 12 + 16 + 64) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(Buffer.from(experimentId));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const id = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      return isParticipantId(id) ? id : null;
    } catch {
      return null;
    }
  };
  return {
    read(req, experimentId) {
      const value = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_COOKIE];
      return typeof value === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(value) ? unseal(experimentId, value) : null;
    },
    bind(_req, res, experimentId, participantId) {
      cookies.send(res, BROWSER_COOKIE, sealedFor(experimentId, participantId), `/e/${experimentId}`);
    },
  };
}
