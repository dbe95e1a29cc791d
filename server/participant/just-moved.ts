import { randomBytes } from 'node:crypto';
import type { ParticipantDoc, TrialRecord } from '../store/index.ts';

/** What a decision POST learnt from its own write: the participant as the move left them, and the trial it stored. */
export interface MovedParticipant {
  participant: ParticipantDoc;
  trial: TrialRecord;
}

/** How long the GET that follows a POST's redirect may use what the POST wrote (a browser follows it in milliseconds). */
export const JUST_MOVED_MS = 2_000;
const KEPT = 10_000;
/** The cookie (Path=/p/<id>, HttpOnly) by which the GET of the redirect shows it follows that POST in that browser. */
export const JUST_MOVED_COOKIE = 'confiance_moved';

/**
 * The participant as this process's last decision POST left them, for the GET of the page it redirects to
 * (POST/redirect/GET): that GET then reads nothing from the store (on MongoDB it saves one round trip, two on the
 * final phase of a two-stage trial, whose page recalls the initial decision the POST just stored).
 *
 * Safe because the entry is the write's own result, not a copy kept from earlier: the store's compare-and-set
 * returned the document as it left it, atomically (findAndModify). And it is used only by the browser whose POST made
 * it, and only if that browser posted nothing since, in this process or another: the entry holds a random token that
 * the POST's 303 sets as a short-lived cookie (router.ts), and every later POST of the participant replaces or clears
 * that cookie, so a GET whose cookie does not match reads the store. Used once, within JUST_MOVED_MS. Behind a load
 * balancer sending a participant's requests to any process, a GET that reaches another process reads the store, as
 * always. What the page may miss is a change by someone else in the same two seconds (a researcher's withdrawal or
 * erasure, the same participant link answered in another browser); the next request sees it, and no answer can be
 * stored against it (every write is a compare-and-set on the stored state).
 */
export class JustMoved {
  private readonly entries = new Map<string, MovedParticipant & { token: string; until: number }>();

  /** Keeps what the write left; returns the token the POST's response gives its browser (JUST_MOVED_COOKIE). */
  remember(moved: MovedParticipant, now: Date): string {
    const id = moved.participant.id;
    const token = randomBytes(12).toString('base64url');
    this.entries.delete(id);
    this.entries.set(id, { ...moved, token, until: now.getTime() + JUST_MOVED_MS });
    if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value as string);
    return token;
  }

  /**
   * The entry of this participant, once, for the request carrying its token: null when none, when the token differs
   * (another browser, or a later POST elsewhere), or when it is older than JUST_MOVED_MS.
   */
  take(id: string, token: unknown, now: Date): MovedParticipant | null {
    const entry = this.entries.get(id);
    if (!entry || typeof token !== 'string' || token !== entry.token) return null;
    this.entries.delete(id);
    if (now.getTime() > entry.until) return null;
    return { participant: entry.participant, trial: entry.trial };
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
