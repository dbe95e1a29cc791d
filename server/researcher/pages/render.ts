import type { ErrorRequestHandler, Response } from 'express';
import { UserError } from '../../../experiments/user-error.ts';
import { DamagedRecordError, StoreUnavailableError, UnsafeInputError } from '../../store/index.ts';
import { clientErrorStatus } from '../api/errors.ts';
import { NotFoundError } from '../experiments/catalog.ts';

/** Renders an admin template with the CSRF token the app's middleware put in res.locals. */
export function render(res: Response, status: number, view: string, locals: Record<string, unknown>): void {
  res.status(status).render(view, { csrfToken: res.locals.csrfToken ?? '', ...locals });
}

export const pageErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof NotFoundError) {
    render(res, 404, 'admin/message', { title: 'Not found', message: err.message, details: [] });
  } else if (err instanceof UserError) {
    render(res, 400, 'admin/message', { title: 'Cannot do that', message: err.message, details: err.details });
  } else if (err instanceof DamagedRecordError) {
    console.error(err.message);
    render(res, 500, 'admin/message', { title: 'Damaged data', message: err.message, details: [] });
  } else if (err instanceof StoreUnavailableError) {
    // The database did not answer in time (no primary, no majority): nothing was half-done, the action can be retried.
    console.error(err.message);
    res.set('Retry-After', '5');
    render(res, 503, 'admin/message', { title: 'Database unavailable', message: `${err.message}. Try again in a moment.`, details: [] });
  } else if (err instanceof UnsafeInputError) {
    // An id starting with `$` reached the store, which refuses it: nothing of that name can exist.
    render(res, 404, 'admin/message', { title: 'Not found', message: 'No such experiment or participant.', details: [] });
  } else if (clientErrorStatus(err) !== null) {
    // E.g. a path segment that is not valid percent-encoding (Express marks it 400).
    render(res, clientErrorStatus(err) as number, 'admin/message', { title: 'Bad request', message: 'This address or form is malformed.', details: [] });
  } else {
    console.error(err);
    render(res, 500, 'admin/message', { title: 'Server error', message: 'Something went wrong on the server.', details: [] });
  }
};
