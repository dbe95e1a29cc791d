import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { inSequence } from '../../server/in-sequence.ts';

/** An app whose handlers are mounted either one by one or in one inSequence layer; GET /x answers what ran. */
function appWith(handlers: RequestHandler[], combined: boolean): express.Express {
  const app = express();
  if (combined) app.use(inSequence(handlers));
  else for (const handler of handlers) app.use(handler);
  app.get('/x', (req, res) => {
    res.json({ ran: (req as unknown as { ran: string[] }).ran });
  });
  app.use((err: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(418).json({ error: err.message, ran: (req as unknown as { ran?: string[] }).ran });
  });
  return app;
}

const mark = (name: string): RequestHandler => (req, _res, next) => {
  const r = req as unknown as { ran?: string[] };
  (r.ran ??= []).push(name);
  next();
};

describe('inSequence: handlers in one layer behave as the same handlers mounted one by one', () => {
  const cases: [string, RequestHandler[]][] = [
    ['all continue, in order', [mark('a'), mark('b'), mark('c')]],
    ['an error given to next skips the rest', [mark('a'), (_req, _res, next) => next(new Error('refused')), mark('c')]],
    ['a thrown error skips the rest', [mark('a'), () => { throw new Error('thrown'); }, mark('c')]],
    ['a rejected promise skips the rest', [mark('a'), async () => { throw new Error('rejected'); }, mark('c')]],
    ['a handler that answers ends the request', [mark('a'), (_req, res) => { res.status(204).end(); }, mark('c')]],
    ['an asynchronous continuation', [mark('a'), (req, res, next) => { setTimeout(next, 5); }, mark('c')]],
    ['none', []],
  ];
  it.each(cases)('%s', async (_name, handlers) => {
    const one = await request(appWith(handlers, true)).get('/x');
    const apart = await request(appWith(handlers, false)).get('/x');
    expect(one.status).toBe(apart.status);
    expect(one.text).toBe(apart.text);
  });

  it('really runs them (the answers compared above are not empty)', async () => {
    expect((await request(appWith([mark('a'), mark('b')], true)).get('/x')).body).toEqual({ ran: ['a', 'b'] });
    expect((await request(appWith([mark('a'), (_req, _res, next) => next(new Error('refused'))], true)).get('/x')).body).toEqual({ error: 'refused', ran: ['a'] });
  });
});
