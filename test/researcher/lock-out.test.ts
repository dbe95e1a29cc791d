/**
 * Guessing is limited without ever refusing the right token (issue #16 item 3): past the limit, wrong tokens get 429
 * and the right one still works, on the API and the dashboard, from the same address (behind a proxy without
 * TRUST_PROXY every client has the proxy's). Signing out ends the session in the store, for every process; the
 * scheme `bearer` is accepted in any case.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore } from '../../server/store/index.ts';
import { auth, makeHarness, SECRET, STUDY, TOKEN, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness({ failedAuthLimit: 3 });
});
afterEach(async () => {
  await h.close();
});

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

async function signIn(agent: TestAgent, token: string) {
  const form = await agent.get('/admin/sign-in');
  return agent.post('/admin/sign-in').type('form').send({ _csrf: csrfOf(form.text), token, next: '/admin/' });
}

describe('API: guessing is limited, the right token never refused', () => {
  it('answers 429 to wrong tokens past the limit, and 200 to the right token from the same address', async () => {
    for (let i = 0; i < 3; i++) expect((await request(h.app).get('/api/experiments').set('Authorization', `Bearer wrong-${i}`)).status).toBe(401);
    expect((await request(h.app).get('/api/experiments').set('Authorization', 'Bearer wrong-4')).status).toBe(429);
    expect((await request(h.app).get('/api/experiments')).status).toBe(429);
    const right = await request(h.app).get('/api/experiments').set(auth);
    expect(right.status).toBe(200);
    expect(right.body.experiments.map((e: { id: string }) => e.id)).toEqual([STUDY]);
    expect((await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth)).status).toBe(200);
  });

  it.each(['bearer', 'BEARER', 'Bearer', 'bEaReR'])('accepts the scheme written %s', async (scheme) => {
    expect((await request(h.app).get('/api/experiments').set('Authorization', `${scheme} ${TOKEN}`)).status).toBe(200);
  });

  it.each([`Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`, `Bearer${TOKEN}`])('still refuses "%s"', async (header) => {
    expect((await request(h.app).get('/api/experiments').set('Authorization', header)).status).toBe(401);
  });
});

describe('dashboard: guessing is limited, the right token never refused', () => {
  beforeEach(() => {
    h.app = createApp({ ...h.deps, config: { ...h.deps.config } });
  });

  it('signs in with the right token after more than 20 wrong ones from the same address', async () => {
    const guesser = request.agent(h.app);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await signIn(guesser, `${TOKEN}-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const researcher = request.agent(h.app);
    const ok = await signIn(researcher, TOKEN);
    expect(ok.status).toBe(303);
    expect((await researcher.get('/admin/')).status).toBe(200);
  });
});

describe('signing out ends the session on the server', () => {
  beforeEach(() => {
    h.app = createApp(h.deps);
  });

  it('the old cookie is refused after sign-out, even replayed by hand', async () => {
    const agent = request.agent(h.app);
    const ok = await signIn(agent, TOKEN);
    const cookie = ((ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('confiance_researcher=')) ?? '').split(';')[0];
    expect((await request(h.app).get('/admin/').set('Cookie', cookie)).status).toBe(200);
    const home = await agent.get('/admin/');
    const out = await agent.post('/admin/sign-out').type('form').send({ _csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    const replay = await request(h.app).get('/admin/').set('Cookie', cookie);
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('type="password"');
  });

  it('a sign-out on one server process ends the session on another process sharing the store', async () => {
    const other = createApp(h.deps);
    const agent = request.agent(h.app);
    const ok = await signIn(agent, TOKEN);
    const cookie = ((ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('confiance_researcher=')) ?? '').split(';')[0];
    const onOther = request.agent(other);
    expect((await onOther.get('/admin/').set('Cookie', cookie)).status).toBe(200);
    const home = await request(other).get('/admin/').set('Cookie', cookie);
    const csrfCookie = ((home.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
    const out = await request(other).post('/admin/sign-out').set('Cookie', [cookie, ...csrfCookie].join('; ')).type('form').send({ _csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    expect((await agent.get('/admin/')).status).toBe(401);
  });

  it('a session survives a restart of the server on the same embedded store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'confiance-session-'));
    try {
      const config = loadConfig({ RESEARCHER_TOKEN: TOKEN, DATA_DIR: dataDir, EXPERIMENTS_DIR: h.experimentsDir });
      let store = await openStore({ dataDir });
      const first = createApp({ config, store, registry: createRegistry({ dir: h.experimentsDir, store }), secret: SECRET });
      const ok = await signIn(request.agent(first), TOKEN);
      const cookie = ((ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('confiance_researcher=')) ?? '').split(';')[0];
      await store.close();
      store = await openStore({ dataDir });
      const second = createApp({ config, store, registry: createRegistry({ dir: h.experimentsDir, store }), secret: SECRET });
      expect((await request(second).get('/admin/').set('Cookie', cookie)).status).toBe(200);
      await store.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
