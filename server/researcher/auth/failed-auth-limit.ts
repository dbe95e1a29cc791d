import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

export const FAILED_AUTH_WINDOW_MS = 15 * 60 * 1000;

/**
 * Counts refused attempts (a wrong or missing token) per client address and, past `limit` in the window, answers
 * them 429 instead of 401. It is called only once a token was found wrong: the right token is never refused, so
 * nobody can lock the researcher out by failing on purpose (behind a reverse proxy without TRUST_PROXY, every client
 * shares the proxy's address). The token itself (32 characters or more) is what makes guessing hopeless; the limit
 * keeps a guesser's noise cheap and visible.
 *
 * Use: `limiter(req, res, refuse)`, where `refuse` sends the 401 while the client is under the limit.
 */
export function failedAuthLimiter(limit: number, respond: 'json' | 'text'): RequestHandler {
  return rateLimit({
    windowMs: FAILED_AUTH_WINDOW_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'failed-researcher-auth',
    handler: (_req, res) => {
      if (respond === 'json') res.status(429).json({ error: 'too many failed attempts, try again later' });
      else res.status(429).type('text/plain').send('Too many failed attempts, try again in 15 minutes.');
    },
  });
}
