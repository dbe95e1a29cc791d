import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Request handlers run one after the other as one Express middleware, as the same handlers `app.use`d in this order
 * would run: each continues with `next()`, an error (given to `next`, thrown, or a rejected promise) goes to the
 * app's error handlers and skips the handlers after it. One layer instead of one per handler: each layer is a pass
 * through the router's matching, its parameter processing and closures, twice per submission (POST and GET).
 * The handlers must not use Express's `next('route')` or `next('router')`.
 */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const handler = handlers[index++];
      if (handler === undefined) return next();
      try {
        const returned = handler(req, res, step) as unknown;
        if (returned instanceof Promise) returned.catch((error: unknown) => next(error ?? new Error('Rejected promise')));
      } catch (error) {
        next(error);
      }
    };
    step();
  };
}
