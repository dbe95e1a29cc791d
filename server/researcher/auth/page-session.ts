import type { Request, RequestHandler, Response } from 'express';
import type { Store } from '../../store/index.ts';
import { newSession, SESSION_COOKIE, SESSION_MAX_AGE_MS, sessionKey, signedSessionDigest } from './session.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The cookie is Secure except over plain http to the machine itself (a pilot on a laptop), where browsers would
 * drop a Secure cookie; any other plain-http host gets a Secure cookie, so signing in there needs https.
 */
function secureCookie(req: Request): boolean {
  return req.secure || !LOOPBACK.has(req.hostname);
}

export interface PageSession {
  /** Lets a signed-in researcher through; anyone else gets 401 and the sign-in form. */
  require: RequestHandler;
  signIn(req: Request, res: Response, now: Date): Promise<void>;
  /** Ends the session in the store (for every process) and clears the cookie. */
  signOut(req: Request, res: Response): Promise<void>;
}

export function pageSession(
  store: Store,
  secret: string,
  token: string,
  now: () => Date,
  refuse: (req: Request, res: Response) => void,
): PageSession {
  const key = sessionKey(secret, token);
  const options = (req: Request) =>
    ({ httpOnly: true, sameSite: 'strict', secure: secureCookie(req), path: '/admin' }) as const;
  const digestOf = (req: Request) => signedSessionDigest((req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE], key);
  return {
    require: (req, res, next) => {
      const digest = digestOf(req);
      if (digest === null) return refuse(req, res);
      store.sessionActive(digest, now()).then((active) => (active ? next() : refuse(req, res)), next);
    },
    async signIn(req, res, at) {
      const session = newSession(key);
      await store.startSession(session.digest, new Date(at.getTime() + SESSION_MAX_AGE_MS), at);
      res.cookie(SESSION_COOKIE, session.cookie, { ...options(req), maxAge: SESSION_MAX_AGE_MS });
    },
    async signOut(req, res) {
      const digest = digestOf(req);
      if (digest !== null) await store.endSession(digest);
      res.clearCookie(SESSION_COOKIE, options(req));
    },
  };
}
