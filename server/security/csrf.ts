import { randomBytes } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';

/**
 * CSRF protection by signed double submit (csrf-csrf): every form carries `_csrf`, checked against a cookie bound to
 * a random browser session id. The session id lives in its own http-only cookie and carries no other meaning.
 */
export interface Csrf {
  /** Sets the browser session cookie when missing and exposes `res.locals.csrfToken` to the templates (GET pages). */
  issue: RequestHandler;
  /** Rejects POST/PUT/PATCH/DELETE without a valid token (error status 403, code EBADCSRFTOKEN). */
  protect: RequestHandler;
}

const SESSION_COOKIE = 'confiance_sid';

export function createCsrf(options: { secret: string; secure: boolean }): Csrf {
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => options.secret,
    getSessionIdentifier: (req) => sessionId(req),
    cookieName: options.secure ? '__Host-confiance.csrf' : 'confiance_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: options.secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      const fromHeader = req.headers['x-csrf-token'];
      return typeof fromHeader === 'string' ? fromHeader : null;
    },
    errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid csrf token' },
  });

  const issue: RequestHandler = (req, res, next) => {
    ensureSession(req, res, options.secure);
    res.locals.csrfToken = generateCsrfToken(req, res);
    next();
  };
  return { issue, protect: doubleCsrfProtection };
}

function sessionId(req: Request): string {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' ? value : '';
}

function ensureSession(req: Request, res: Response, secure: boolean): void {
  if (/^[A-Za-z0-9_-]{22}$/.test(sessionId(req))) return;
  const id = randomBytes(16).toString('base64url');
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  // The token generated in this same request must bind to the new id.
  (req.cookies as Record<string, string>)[SESSION_COOKIE] = id;
}
