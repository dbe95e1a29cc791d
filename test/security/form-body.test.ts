import express from 'express';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formBody } from '../../server/security/body.ts';

/** An app that answers with what its body parser made of the request (or the error status and type). */
function echoApp(parser: express.RequestHandler): express.Express {
  const app = express();
  app.use(parser);
  app.post('/', (req, res) => {
    res.json({ body: req.body === undefined ? '(undefined)' : req.body, proto: req.body ? Object.getPrototypeOf(req.body) === Object.prototype : null });
  });
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.type ?? 'unknown' });
  });
  return app;
}

const ours = echoApp(formBody());
const reference = echoApp(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 200 }));

async function both(send: (app: express.Express) => request.Test): Promise<[unknown, unknown]> {
  const a = await send(ours);
  const b = await send(reference);
  return [
    { status: a.status, body: a.body as unknown },
    { status: b.status, body: b.body as unknown },
  ];
}

const FORM = 'application/x-www-form-urlencoded';
const BODIES = [
  '_csrf=abc.def&at=trials%3A3&decision=contacter&certainty=5',
  'decision=a&decision=b',
  '$where=1&at=x',
  '__proto__=1&constructor=2&a=3',
  'a[b]=c&d[]=e&f.g=h',
  'a&=x&b=',
  'a=%FF&b=%E2%82%AC+sp&c=%',
  'text=' + encodeURIComponent('Réponse « libre » — 😀 & <b>'),
  '',
  Array.from({ length: 200 }, (_, i) => `k${i}=${i}`).join('&'),
  Array.from({ length: 201 }, (_, i) => `k${i}=${i}`).join('&'),
  'x=' + 'a'.repeat(16 * 1024 - 2),
  'x=' + 'a'.repeat(16 * 1024),
];

describe('formBody: the same result as express.urlencoded({ extended: false }) for every request', () => {
  it.each(BODIES.map((b) => [b.length > 60 ? `${b.slice(0, 40)}... (${b.length} bytes)` : b || '(empty)', b]))('form body %s', async (_name, body) => {
    const [a, b] = await both((app) => request(app).post('/').set('Content-Type', FORM).send(body));
    expect(a).toEqual(b);
  });

  it('answers 413 for more than 200 fields and for more than 16 KB, as before', async () => {
    const tooMany = await request(ours).post('/').set('Content-Type', FORM).send(Array.from({ length: 201 }, (_, i) => `k${i}=1`).join('&'));
    expect(tooMany.status).toBe(413);
    const tooLong = await request(ours).post('/').set('Content-Type', FORM).send('x=' + 'a'.repeat(16 * 1024));
    expect(tooLong.status).toBe(413);
  });

  it('treats other content types, charsets and a charset parameter like express.urlencoded', async () => {
    for (const type of ['text/plain', 'application/json', `${FORM}; charset=utf-8`, `${FORM}; charset=iso-8859-1`, `${FORM}; charset=koi8-r`, 'APPLICATION/X-WWW-FORM-URLENCODED']) {
      const [a, b] = await both((app) => request(app).post('/').set('Content-Type', type).send('a=%E9t%C3%A9&b=2'));
      expect(a, type).toEqual(b);
    }
  });

  it('leaves compressed and chunked bodies to express.urlencoded (same answers)', async () => {
    const gz = await both((app) => request(app).post('/').set('Content-Type', FORM).set('Content-Encoding', 'gzip').send(gzipSync('a=1&b=2')));
    expect(gz[0]).toEqual(gz[1]);
    const chunked = await both((app) => {
      const req = request(app).post('/').set('Content-Type', FORM).set('Transfer-Encoding', 'chunked');
      req.write('a=1&');
      req.write('b=2');
      return req;
    });
    expect(chunked[0]).toEqual(chunked[1]);
    expect(chunked[0]).toMatchObject({ status: 200, body: { body: { a: '1', b: '2' } } });
  });

  it('reads no body on a GET and on a POST without one (req.body stays undefined)', async () => {
    const [a, b] = await both((app) => request(app).post('/'));
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 200, body: { body: '(undefined)' } });
  });
});
