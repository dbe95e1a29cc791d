import type { RequestHandler } from 'express';
import { tokensMatch } from './token.ts';

/**
 * API guard: `Authorization: Bearer <RESEARCHER_TOKEN>`. Any failure is the same bare 401, so a caller learns
 * nothing about why (missing header, wrong scheme, wrong token).
 */
export function requireBearer(token: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (match && tokensMatch(match[1], token)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer realm="confiance"').status(401).json({ error: 'unauthorized' });
  };
}
