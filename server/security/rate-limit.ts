import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

/**
 * Joining creates a participant, so it is rate-limited per client address. Administrations often put many agents
 * behind one address, hence a generous limit: it stops a script, not a training room.
 */
export function joinRateLimit(options: { limit?: number; windowMs?: number } = {}): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? 10 * 60 * 1000,
    limit: options.limit ?? 200,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
  });
}
