/**
 * createHttpServer (server/http-server.ts): the app's requests and responses carry the app's prototypes from the
 * start, and the participant pages work through it as through app.listen.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http-server.ts';
import { harnessFor, readPage } from '../participant/harness.ts';

const STUDY = 'signaux-faibles';
const harness = harnessFor([STUDY]);

describe('createHttpServer', () => {
  it('makes requests and responses with the app prototypes, and serves the participant flow', async () => {
    const prototypes: boolean[] = [];
    const server = createHttpServer(harness().app, (req: IncomingMessage, res: ServerResponse) => {
      prototypes.push(Object.getPrototypeOf(req) === harness().app.request && Object.getPrototypeOf(res) === harness().app.response);
      harness().app(req, res);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const welcome = await fetch(`${base}/e/${STUDY}`, { headers: { 'accept-language': 'fr' } });
      expect(welcome.status).toBe(200);
      expect(welcome.headers.get('content-security-policy')).toContain("script-src 'self'");
      const cookies = welcome.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const form = readPage(200, await welcome.text()).hidden;
      const joined = await fetch(`${base}/e/${STUDY}`, {
        method: 'POST',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      expect(joined.status).toBe(303);
      const page = await fetch(`${base}${joined.headers.get('location')}`, { headers: { cookie: cookies } });
      expect(page.status).toBe(200);
      expect(readPage(200, await page.text()).at).toBe('consent:0');
      expect(prototypes).toEqual([true, true, true]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
