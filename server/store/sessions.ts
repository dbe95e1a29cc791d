import type { Collection } from './collection.ts';
import { safeDate, safeString } from './safe-input.ts';
import type { StoredSession } from './stored-docs.ts';

/**
 * Researcher dashboard sessions, so that signing out ends a session on the server (a stateless signed cookie would
 * keep working until it expires) and does so for every process sharing the store. Only a digest of the session id is
 * kept (the caller hashes it): reading the store gives no usable session.
 */
export class SessionRepository {
  constructor(private readonly sessions: Collection<StoredSession>) {}

  async start(digest: string, expiresAt: Date, now: Date): Promise<void> {
    // Expired sessions are removed as new ones start: the collection holds only live sessions.
    await this.sessions.deleteMany({ expiresAt: { $lt: safeDate(now, 'now') } });
    await this.sessions.insertOne({ digest: safeString(digest, 'digest'), expiresAt: safeDate(expiresAt, 'expiresAt') });
  }

  async active(digest: string, now: Date): Promise<boolean> {
    const found = await this.sessions.findOne({ digest: safeString(digest, 'digest') });
    return found !== null && found.expiresAt.getTime() > safeDate(now, 'now').getTime();
  }

  async end(digest: string): Promise<void> {
    await this.sessions.deleteMany({ digest: safeString(digest, 'digest') });
  }
}
