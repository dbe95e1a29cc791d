import type { ErrorRequestHandler } from 'express';
import { UserError } from '../../../experiments/user-error.ts';
import { ConflictError, DamagedRecordError, StoreUnavailableError, UnsafeInputError } from '../../store/index.ts';
import { NotFoundError } from '../experiments/catalog.ts';

/** JSON errors of the researcher API: the user's mistakes are explained, anything else is a bare 500. */
export const apiErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof NotFoundError) {
    res.status(404).json({ error: err.message });
  } else if (err instanceof UserError) {
    res.status(400).json({ error: err.message, details: err.details });
  } else if (err instanceof ConflictError) {
    res.status(409).json({ error: err.message });
  } else if (err instanceof DamagedRecordError) {
    // The researcher must know which stored line to repair; nothing was sent before this answer.
    console.error(err.message);
    res.status(500).json({ error: err.message, file: err.file, line: err.line });
  } else if (err instanceof StoreUnavailableError) {
    // The database did not answer in time (no primary, no majority): the request can be retried as it is.
    console.error(err.message);
    res.set('Retry-After', '5');
    res.status(503).json({ error: err.message, retry: true });
  } else if (err instanceof UnsafeInputError) {
    // An id starting with `$` reached the store, which refuses it: nothing of that name can exist.
    res.status(404).json({ error: 'no such experiment or participant' });
  } else if (isBodyError(err)) {
    res.status(400).json({ error: 'malformed request body' });
  } else if (clientErrorStatus(err) !== null) {
    // E.g. a path segment that is not valid percent-encoding (Express marks it 400).
    res.status(clientErrorStatus(err) as number).json({ error: 'malformed request' });
  } else {
    console.error(err);
    res.status(500).json({ error: 'internal error' });
  }
};

function isBodyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && typeof (err as { type: unknown }).type === 'string'
    && String((err as { type: string }).type).startsWith('entity.');
}

/** The 4xx status an error carries (Express and body-parser set `status`), or null. */
export function clientErrorStatus(err: unknown): number | null {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}
