import type { RequestHandler } from 'express';
import { tokensMatch } from './token.ts';

/** `Bearer <token>`, the scheme in any case (RFC 9110 §11.1: auth schemes are case-insensitive). */
const BEARER = /^bearer +(\S+) *$/i;

/**
 * API guard: `Authorization: Bearer <RESEARCHER_TOKEN>`. Any failure is the same bare 401, so a caller learns
 * nothing about why (missing header, wrong scheme, wrong token); failures go through `countRefusal` (a rate limiter
 * that answers 429 past its limit), successes never do.
 */
export function requireBearer(token: string, countRefusal: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (match && tokensMatch(match[1], token)) {
      next();
      return;
    }
    void countRefusal(req, res, () => {
      res.set('WWW-Authenticate', 'Bearer realm="confiance"').status(401).json({ error: 'unauthorized' });
    });
  };
}
