import type { Response } from 'express';

/**
 * Answers 303 See Other to `path`, a path of this site made of URL-safe characters (a participant's page), as
 * Express's `res.redirect(303, path)` does for a browser, which follows the Location at once and never shows the body;
 * without its content negotiation, URL encoding and HTML body, which cost a few per cent of a submission's server time
 * (every answer ends with this redirect).
 */
export function seeOther(res: Response, path: string): void {
  if (!SAFE_PATH.test(path)) throw new Error(`seeOther: not a plain path of this site: ${path}`);
  const body = `See Other. Redirecting to ${path}`;
  res.statusCode = 303;
  res.setHeader('Location', path);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

const SAFE_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*(\?[A-Za-z0-9_=&-]*)?$/;
