import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

export const FAILED_AUTH_WINDOW_MS = 15 * 60 * 1000;

/**
 * Counts only refused attempts (401) per client: a researcher at work is never slowed down, a guesser is stopped
 * after `limit` tries per window with a 429.
 */
export function failedAuthLimiter(limit: number, respond: 'json' | 'text'): RequestHandler {
  return rateLimit({
    windowMs: FAILED_AUTH_WINDOW_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, res) => {
      if (respond === 'json') res.status(429).json({ error: 'too many failed attempts, try again later' });
      else res.status(429).type('text/plain').send('Too many failed attempts, try again in 15 minutes.');
    },
  });
}
