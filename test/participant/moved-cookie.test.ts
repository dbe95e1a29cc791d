/**
 * The just-moved cookie on the wire (server/participant/just-moved.ts, router.ts): a decision POST that stores sends
 * one Set-Cookie for it, the new token (which replaces whatever the browser held for that path); a POST that is refused
 * while the browser holds a token clears it, so that no process uses what the earlier POST left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, encodeForm, startHarness, type Harness, type Page } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['aide-exceptionnelle']);
});
afterAll(async () => {
  await h?.close();
});

/** The browser's POST of `fields`, with the Set-Cookie values of its answer. */
async function post(c: Client, fields: Record<string, string>): Promise<{ status: number; cookies: string[] }> {
  const res = await c.agent.post(c.path).set('Accept-Language', c.acceptLanguage).type('form').send(encodeForm(fields));
  return { status: res.status, cookies: (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [] };
}

const moved = (cookies: string[]) => cookies.filter((line) => line.startsWith('confiance_moved='));

describe('the just-moved cookie of a decision POST', () => {
  it('is sent once, with a new token, by every decision that stores (none clearing the token it replaces)', async () => {
    const c = new Client(h);
    let page: Page = await c.join('aide-exceptionnelle');
    while (page.at !== null && !page.at.startsWith('trials:')) page = await c.answer(page, defaultAnswers(page));
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.advance(4000);
      const res = await post(c, { ...page.hidden, ...defaultAnswers(page) });
      expect(res.status).toBe(303);
      const sent = moved(res.cookies);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(new RegExp(`^confiance_moved=[A-Za-z0-9_-]{16}; Max-Age=2; Path=/p/${c.participantId}; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax$`));
      tokens.push(sent[0].split(';')[0]);
      page = await c.current();
    }
    expect(new Set(tokens).size).toBe(3);
  });

  it('is cleared by a refused POST while the browser holds a token', async () => {
    const c = new Client(h);
    let page: Page = await c.join('aide-exceptionnelle');
    while (page.at !== null && !page.at.startsWith('trials:')) page = await c.answer(page, defaultAnswers(page));
    h.clock.advance(4000);
    expect((await post(c, { ...page.hidden, ...defaultAnswers(page) })).status).toBe(303);
    page = await c.current();
    // A form whose served-at stamp was tampered with: 400, nothing stored, the token cleared.
    const refused = await post(c, { ...page.hidden, ...defaultAnswers(page), served: `1${page.hidden.served}` });
    expect(refused.status).toBe(400);
    expect(moved(refused.cookies)).toEqual([`confiance_moved=; Path=/p/${c.participantId}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`]);
  });
});
