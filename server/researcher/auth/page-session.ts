import type { Request, RequestHandler, Response } from 'express';
import { issueSession, SESSION_COOKIE, SESSION_MAX_AGE_MS, sessionKey, sessionValid } from './session.ts';

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
  signIn(req: Request, res: Response, now: Date): void;
  signOut(req: Request, res: Response): void;
}

export function pageSession(
  secret: string,
  token: string,
  now: () => Date,
  refuse: (req: Request, res: Response) => void,
): PageSession {
  const key = sessionKey(secret, token);
  const options = (req: Request) =>
    ({ httpOnly: true, sameSite: 'strict', secure: secureCookie(req), path: '/admin' }) as const;
  return {
    require: (req, res, next) => {
      const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
      if (sessionValid(value, key, now())) next();
      else refuse(req, res);
    },
    signIn(req, res, at) {
      res.cookie(SESSION_COOKIE, issueSession(key, at), { ...options(req), maxAge: SESSION_MAX_AGE_MS });
    },
    signOut(req, res) {
      res.clearCookie(SESSION_COOKIE, options(req));
    },
  };
}
