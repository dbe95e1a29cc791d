/**
 * CSRF tokens (server/security/csrf.ts): pairs already verified are remembered, which must never let a token pass
 * for another browser session, nor a token that was not issued.
 */
import { describe, expect, it } from 'vitest';
import express, { type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import request from 'supertest';
import { createCsrf, formBody } from '../../server/security/index.ts';

function app() {
  const a = express();
  a.use(cookieParser());
  a.use(formBody());
  const csrf = createCsrf({ secret: 'c'.repeat(32), secure: false });
  a.get('/form', csrf.issue, (_req, res) => res.send(String(res.locals.csrfToken)));
  a.post('/act', csrf.protect, (_req, res) => res.send('done'));
  a.use((err: { code?: string }, _req: Request, res: Response, _next: NextFunction) => res.status(err.code === 'EBADCSRFTOKEN' ? 403 : 500).end());
  return a;
}

const cookiesOf = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);

describe('CSRF tokens', () => {
  it('keeps the same token across page views of a browser, and accepts it on every answer', async () => {
    const agent = request.agent(app());
    const token = (await agent.get('/form')).text;
    expect((await agent.get('/form')).text).toBe(token);
    for (let i = 0; i < 3; i++) expect((await agent.post('/act').type('form').send({ _csrf: token })).status).toBe(200);
  });

  it('refuses a token already accepted for one browser when sent with another browser session id', async () => {
    const a = app();
    const first = await request(a).get('/form');
    const [sid, csrfCookie] = [cookiesOf(first).find((c) => c.startsWith('confiance_sid=')), cookiesOf(first).find((c) => c.startsWith('confiance_csrf='))];
    const token = first.text;
    expect((await request(a).post('/act').set('Cookie', `${sid}; ${csrfCookie}`).type('form').send({ _csrf: token })).status).toBe(200);
    const otherSid = `confiance_sid=${'A'.repeat(22)}`;
    expect((await request(a).post('/act').set('Cookie', `${otherSid}; ${csrfCookie}`).type('form').send({ _csrf: token })).status).toBe(403);
    // Its page view does not adopt the other session's token either: it gets a new one.
    const view = await request(a).get('/form').set('Cookie', `${otherSid}; ${csrfCookie}`);
    expect(view.text).not.toBe(token);
  });

  it('refuses a forged token (cookie and field alike) after the genuine one was accepted', async () => {
    const a = app();
    const first = await request(a).get('/form');
    const sid = cookiesOf(first).find((c) => c.startsWith('confiance_sid='));
    const token = first.text;
    expect((await request(a).post('/act').set('Cookie', `${sid}; confiance_csrf=${token}`).type('form').send({ _csrf: token })).status).toBe(200);
    const forged = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect((await request(a).post('/act').set('Cookie', `${sid}; confiance_csrf=${forged}`).type('form').send({ _csrf: forged })).status).toBe(403);
  });
});
