/**
 * The participant page (GET, HEAD and POST of /p/<id>) is reached by a direct layer (app.ts, pageRoute) rather than
 * through the router's routes. Whichever way a request comes, it gets what the router gives: the same page, the
 * same security headers and cookies, the same checks (CSRF), the same error pages; the shapes the direct layer
 * leaves to the router (a trailing slash, another case, a percent-encoded id, another method) answer as before.
 */
import { describe, expect, it } from 'vitest';
import { Client, defaultAnswers, harnessFor, readPage, snapshot, type Page } from './harness.ts';

const STUDY = 'signaux-faibles';
const harness = harnessFor([STUDY]);

/** A participant at their first decision page. */
async function atFirstDecision(): Promise<{ c: Client; page: Page }> {
  const c = new Client(harness());
  let page = await c.join(STUDY);
  for (let guard = 0; !(page.at?.startsWith('trials:') && 'decision' in page.radios); guard++) {
    if (guard > 50) throw new Error('no decision page');
    harness().clock.advance(3000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return { c, page };
}

/** The page without what changes on every view (the CSRF token and the served stamp). */
const stable = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/name="served" value="[^"]*"/g, '');

describe('the direct page route', () => {
  it('serves the same page at /p/<id>, with a trailing slash, in another case and percent-encoded', async () => {
    const { c, page } = await atFirstDecision();
    const encoded = `/p/${[...c.participantId].map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')}`;
    const shapes = [c.path, `${c.path}/`, `/P/${c.participantId}`, encoded];
    for (const path of shapes) {
      const res = await c.agent.get(path).set('Accept-Language', c.acceptLanguage);
      expect(res.status, path).toBe(200);
      expect(readPage(res.status, res.text).at, path).toBe(page.at);
      expect(stable(res.text), path).toBe(stable(page.html));
      expect(res.headers['content-security-policy'], path).toContain("script-src 'self'");
      expect(res.headers['cache-control'], path).toBe('no-store');
      expect(res.headers['content-type'], path).toBe('text/html; charset=utf-8');
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const { c } = await atFirstDecision();
    const res = await c.agent.head(c.path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it('stores an answer posted with a trailing slash, and redirects to the participant page', async () => {
    const { c, page } = await atFirstDecision();
    const answer = defaultAnswers(page);
    const counted = async () => (await snapshot(harness().store, STUDY, c.participantId)).trials.filter((t) => !t.practice);
    expect(await counted()).toEqual([]);
    const res = await c.post(`${c.path}/`, { ...page.hidden, ...answer });
    expect(res.status).toBe(303);
    expect(res.location).toBe(c.path);
    const stored = await counted();
    expect(stored.map((t) => [t.trialIndex, String(t.decision)])).toEqual([[0, answer.decision]]);
    expect((await c.current()).at).not.toBe(page.at);
  });

  it('refuses a POST without the CSRF token with the expired-form page, and stores nothing', async () => {
    const { c, page } = await atFirstDecision();
    const before = await snapshot(harness().store, STUDY, c.participantId);
    const { _csrf: _token, ...withoutToken } = page.hidden;
    const res = await c.post(c.path, { ...withoutToken, ...defaultAnswers(page) });
    expect(res.status).toBe(403);
    expect(res.html).toMatch(/expiré|expired/);
    expect(await snapshot(harness().store, STUDY, c.participantId)).toEqual(before);
  });

  it('leaves other methods and paths to the app, which answers as before', async () => {
    const { c } = await atFirstDecision();
    // Every method but GET and HEAD is checked for its CSRF token first, whatever the path.
    const put = await c.agent.put(c.path).set('Accept-Language', 'en');
    expect(put.status).toBe(403);
    for (const res of [
      await c.agent.get(`${c.path}/nothing`).set('Accept-Language', 'en'),
      await c.agent.get(`/p/${c.participantId}x`).set('Accept-Language', 'en'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/Page not found|Unknown link/);
    }
  });
});
