import { rateLimit } from 'express-rate-limit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

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

/**
 * Requests that look up a label (the open link with `?label=`, or its join form with a `label` field) are limited per
 * client address: knowing whether an agent number is in use is all such a request can learn (a label never opens
 * anyone's pages), and this keeps a script from testing numbers by the thousand. A training room of 40 agents, each
 * loading the link and joining, stays well within it.
 */
export function labelLookupRateLimit(
  options: { limit?: number; windowMs?: number; onLimit?: (req: Request, res: Response, next: NextFunction) => void } = {},
): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? 10 * 60 * 1000,
    limit: options.limit ?? 100,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    identifier: 'label-lookups',
    skip: (req) => !carriesLabel(req),
    ...(options.onLimit ? { handler: options.onLimit } : {}),
  });
}

function carriesLabel(req: Request): boolean {
  const body = req.body as Record<string, unknown> | undefined;
  return req.query.label !== undefined || (typeof body === 'object' && body !== null && body.label !== undefined);
}
