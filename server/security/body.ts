import express, { type Request, type RequestHandler } from 'express';
import qs from 'qs';

/** The most a participant form body may weigh, and the most fields it may have. */
const FORM_LIMIT_BYTES = 16 * 1024;
const FORM_PARAMETER_LIMIT = 200;

/**
 * Form bodies: small and flat. `extended: false` never builds nested objects from `a[b]=` keys, so a body is always
 * a flat record of strings (or string arrays for repeated keys), which the zod schemas of each page then check
 * (a repeated field, a `$`-key or an unknown field is refused there).
 *
 * The common case, a browser's form post (`application/x-www-form-urlencoded`, UTF-8, not compressed, with a
 * Content-Length within the limit), is read here directly and parsed by the same `qs.parse` call, with the same
 * options, as express.urlencoded; every other request (chunked, compressed, another charset or type, too long) goes
 * through express.urlencoded itself, which answers 413, 415 or 400 as before. Reading the stream through raw-body,
 * iconv and the debug hooks was about 4 % of a submission's CPU time.
 */
export function formBody(): RequestHandler {
  const general = express.urlencoded({ extended: false, limit: FORM_LIMIT_BYTES, parameterLimit: FORM_PARAMETER_LIMIT });
  return (req, res, next) => {
    if (req.complete && !req.readable) return next(); // already read (a JSON body on /api)
    if (!('body' in (req as object))) req.body = undefined;
    const te = req.headers['transfer-encoding'];
    const lengthHeader = req.headers['content-length'];
    if (te === undefined && (lengthHeader === undefined || Number.isNaN(Number(lengthHeader)))) return next(); // no body
    const length = plainFormLength(req);
    if (length === null) return general(req, res, next);
    readSmallBody(req, length, (err, body) => {
      if (err) return next(err);
      try {
        req.body = parseForm(body);
      } catch (parseErr) {
        return next(parseErr);
      }
      next();
    });
  };
}

/** The body length when this request is a plain UTF-8 form post within the limit, else null. */
function plainFormLength(req: Request): number | null {
  if (req.headers['transfer-encoding'] !== undefined) return null;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  const type = req.headers['content-type']?.toLowerCase().replace(/\s+/g, '');
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/x-www-form-urlencoded;charset=utf-8') return null;
  const text = req.headers['content-length'] ?? '';
  if (!/^\d{1,5}$/.test(text)) return null;
  const length = Number(text);
  return length <= FORM_LIMIT_BYTES ? length : null;
}

/** Reads exactly `length` bytes (raw-body's errors: aborted, or a size that does not match the header). */
function readSmallBody(req: Request, length: number, done: (err: unknown, body: string) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (err: unknown, body = '') => {
    if (finished) return;
    finished = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('aborted', onAborted);
    req.off('error', onError);
    if (err) req.resume(); // drain what is left, as body-parser does before answering
    done(err, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > length) return finish(httpError(400, 'request size did not match content length', 'request.size.invalid'));
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length) return finish(httpError(400, 'request size did not match content length', 'request.size.invalid'));
    finish(null, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  };
  const onAborted = () => finish(httpError(400, 'request aborted', 'request.aborted'));
  const onError = (err: Error) => finish(httpError(400, err.message, 'stream.error'));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', onError);
}

/** body-parser's urlencoded parse with `extended: false`: the parameter limit (413), then qs at depth 0. */
function parseForm(body: string): Record<string, unknown> {
  if (body.length === 0) return {};
  let count = 0;
  let index = -1;
  do {
    count++;
    if (count > FORM_PARAMETER_LIMIT) throw httpError(413, 'too many parameters', 'parameters.too.many');
    index = body.indexOf('&', index + 1);
  } while (index !== -1);
  return qs.parse(body, {
    allowPrototypes: true,
    arrayLimit: count,
    depth: 0,
    charset: 'utf-8',
    parameterLimit: FORM_PARAMETER_LIMIT,
    strictDepth: true,
  });
}

/** An error the app's error handler answers with its status (4xx: the request was wrong, nothing stored). */
function httpError(status: number, message: string, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

/** JSON bodies (researcher API): bounded too. */
export function jsonBody(): RequestHandler {
  return express.json({ limit: '256kb', strict: true });
}
