import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { helmetMiddleware, securityHeaders } from '../../server/security/headers.ts';

/** Every response header except those that differ between any two responses (date, connection...). */
async function headersOf(app: express.Express, path: string): Promise<Record<string, string>> {
  const res = await request(app).get(path);
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers as Record<string, string>;
  return rest;
}

function appWith(middleware: express.RequestHandler, poweredBy: boolean): express.Express {
  const app = express();
  if (!poweredBy) app.disable('x-powered-by');
  app.use(middleware);
  app.get('/page', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.send('<p>page</p>');
  });
  return app;
}

describe('securityHeaders: the headers helmet sets, taken once', () => {
  for (const https of [false, true]) {
    for (const poweredBy of [false, true]) {
      it(`gives exactly helmet's response headers (https ${https}, X-Powered-By ${poweredBy ? 'on' : 'off'} in Express)`, async () => {
        const ours = await headersOf(appWith(securityHeaders({ https }), poweredBy), '/page');
        const helmets = await headersOf(appWith(helmetMiddleware({ https }), poweredBy), '/page');
        expect(ours).toEqual(helmets);
        expect(Object.keys(ours)).toEqual(Object.keys(helmets));
      });
    }
  }

  it('sends the CSP of the project: own origin only, no inline script, no framing; HSTS only over https', async () => {
    const plain = await headersOf(appWith(securityHeaders({ https: false }), false), '/page');
    expect(plain['content-security-policy']).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';" +
        "form-action 'self';frame-ancestors 'none';object-src 'none';base-uri 'none'",
    );
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(plain['x-powered-by']).toBeUndefined();
    expect(plain['referrer-policy']).toBe('no-referrer');
    const secure = await headersOf(appWith(securityHeaders({ https: true }), true), '/page');
    expect(secure['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    expect(secure['content-security-policy']).toMatch(/;upgrade-insecure-requests$/);
    expect(secure['x-powered-by']).toBeUndefined();
  });
});
