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
  /** The cookies it reads (browser session, token), for `requestCookies`. */
  cookieNames: readonly string[];
}

const SESSION_COOKIE = 'confiance_sid';
/** Methods that change nothing, never checked (csrf-csrf's default). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createCsrf(options: { secret: string; secure: boolean }): Csrf {
  const cookieName = options.secure ? '__Host-confiance.csrf' : 'confiance_csrf';
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => options.secret,
    getSessionIdentifier: (req) => sessionId(req),
    cookieName,
    cookieOptions: { sameSite: 'lax', path: '/', secure: options.secure, httpOnly: true },
    getCsrfTokenFromRequest: tokenFromRequest,
    errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid csrf token' },
  });
  const checked = new CheckedTokens();
  const cookieToken = (req: Request) => (req.cookies as Record<string, unknown> | undefined)?.[cookieName];

  const issue: RequestHandler = (req, res, next) => {
    ensureSession(req, res, options.secure);
    const current = cookieToken(req);
    // A token this server already checked for this session is still the browser's cookie: nothing to re-sign.
    if (typeof current === 'string' && checked.has(sessionId(req), current)) {
      res.locals.csrfToken = current;
      return next();
    }
    const token = generateCsrfToken(req, res);
    checked.add(sessionId(req), token);
    res.locals.csrfToken = token;
    next();
  };

  const protect: RequestHandler = (req, res, next) => {
    const current = cookieToken(req);
    const sent = tokenFromRequest(req);
    const matching = !SAFE_METHODS.has(req.method) && typeof current === 'string' && current !== '' && current === sent;
    if (matching && checked.has(sessionId(req), current)) return next();
    doubleCsrfProtection(req, res, (err?: unknown) => {
      if (err === undefined && matching) checked.add(sessionId(req), current);
      next(err);
    });
  };
  return { issue, protect, cookieNames: [SESSION_COOKIE, cookieName] };
}

function tokenFromRequest(req: Request): string | null {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromBody === 'string') return fromBody;
  const fromHeader = req.headers['x-csrf-token'];
  return typeof fromHeader === 'string' ? fromHeader : null;
}

/**
 * (session id, token) pairs whose HMAC this process has verified or issued: the secret never changes while the
 * server runs, so the answer cannot change either, and an HMAC per page view and per answer showed in the profile.
 * Only successes are kept; bounded, oldest forgotten first (a forgotten pair is simply checked again).
 */
class CheckedTokens {
  private readonly pairs = new Set<string>();
  constructor(private readonly limit = 20_000) {}

  has(session: string, token: string): boolean {
    return this.pairs.has(`${session}\u0000${token}`);
  }

  add(session: string, token: string): void {
    if (this.pairs.size >= this.limit) this.pairs.delete(this.pairs.values().next().value as string);
    this.pairs.add(`${session}\u0000${token}`);
  }
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
