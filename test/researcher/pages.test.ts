import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { ExperimentRegistry } from '../../server/registry.ts';
import { makeHarness, STUDY, TOKEN, type Harness } from './harness.ts';
import { Population } from './population.ts';

const PAGE_ROUTES: [method: 'get' | 'post', path: string][] = [
  ['get', '/admin/'],
  ['get', `/admin/experiments/${STUDY}`],
  ['post', `/admin/experiments/${STUDY}/open`],
  ['post', `/admin/experiments/${STUDY}/close`],
  ['post', `/admin/experiments/${STUDY}/reopen`],
  ['get', `/admin/experiments/${STUDY}/monitoring.json`],
  ['get', `/admin/experiments/${STUDY}/quality`],
  ['post', `/admin/experiments/${STUDY}/invitations`],
  ['get', `/admin/experiments/${STUDY}/invitations.csv`],
  ['get', `/admin/experiments/${STUDY}/export/trials.csv`],
  ['get', `/admin/experiments/${STUDY}/audit`],
  ['get', '/admin/participants/AAAAAAAAAAAAAAAAAAAAAA'],
  ['post', '/admin/participants/AAAAAAAAAAAAAAAAAAAAAA/withdraw'],
  ['get', '/admin/participants/AAAAAAAAAAAAAAAAAAAAAA/erase'],
  ['post', '/admin/participants/AAAAAAAAAAAAAAAAAAAAAA/erase'],
  ['post', '/admin/sign-out'],
];

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  h.app = createApp({ ...h.deps, registry: h.deps.registry as ExperimentRegistry });
});
afterEach(async () => {
  await h.close();
});

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the page');
  return m[1];
}

async function signedIn(): Promise<{ agent: TestAgent; csrf: string }> {
  const agent = request.agent(h.app);
  const form = await agent.get('/admin/sign-in').expect(200);
  const res = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfOf(form.text), token: TOKEN, next: '/admin/' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/');
  const home = await agent.get('/admin/').expect(200);
  return { agent, csrf: csrfOf(home.text) };
}

describe('dashboard access', () => {
  it.each(PAGE_ROUTES)('%s %s refuses (401) without a session and with a forged cookie', async (method, path) => {
    const agent = request.agent(h.app);
    const form = await agent.get('/admin/sign-in');
    const csrf = csrfOf(form.text);
    const send = (extra: Record<string, string> = {}) =>
      method === 'get' ? agent.get(path).set(extra) : agent.post(path).set(extra).type('form').send({ _csrf: csrf });
    const none = await send();
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('signaux-faibles</a>');
    const forged = await send({ Cookie: `confiance_researcher=${Date.now()}.${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
  });

  it('signs in with the token into an http-only, same-site cookie, then shows the experiments', async () => {
    const agent = request.agent(h.app);
    const form = await agent.get('/admin/sign-in').expect(200);
    expect(form.text).toContain('type="password"');
    const wrong = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfOf(form.text), token: TOKEN + 'x' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('This token is not the researcher token.');
    expect(wrong.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^confiance_researcher=/)]));

    const ok = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfOf(form.text), token: TOKEN, next: `/admin/experiments/${STUDY}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/admin/experiments/${STUDY}`);
    const cookie = (ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('confiance_researcher='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    const page = await agent.get(`/admin/experiments/${STUDY}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Open the file as it is now');
  });

  it('marks the cookie Secure on any host but the local machine', async () => {
    const form = await request(h.app).get('/admin/sign-in').set('Host', 'etude.example.fr');
    const cookies = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const ok = await request(h.app)
      .post('/admin/sign-in')
      .set('Host', 'etude.example.fr')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: csrfOf(form.text), token: TOKEN });
    expect(ok.status).toBe(303);
    const cookie = (ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('confiance_researcher='));
    expect(cookie).toMatch(/; Secure/);
  });

  it('never redirects outside the dashboard after sign-in', async () => {
    const agent = request.agent(h.app);
    const form = await agent.get('/admin/sign-in');
    const res = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfOf(form.text), token: TOKEN, next: '//evil.example/admin' });
    expect(res.headers.location).toBe('/admin/');
  });

  it('rejects a form post without the CSRF token even when signed in', async () => {
    const { agent } = await signedIn();
    const res = await agent.post(`/admin/experiments/${STUDY}/open`).type('form').send({});
    expect(res.status).toBe(403);
    expect(await h.store.listExperiments()).toEqual([]);
  });
});

describe('dashboard operations by plain form posts', () => {
  it('opens a study, generates links, shows progress, and exports', async () => {
    const { agent, csrf } = await signedIn();
    const opened = await agent.post(`/admin/experiments/${STUDY}/open`).type('form').send({ _csrf: csrf });
    expect(opened.status).toBe(303);
    const page = await agent.get(opened.headers.location).expect(200);
    expect(page.text).toContain('Experiment opened.');
    expect(page.text).toMatch(/Version <strong>1.0<\/strong> is <strong>open<\/strong>/);

    const links = await agent.post(`/admin/experiments/${STUDY}/invitations`).type('form').send({ _csrf: csrf, count: '3', labels: '', format: 'page' });
    expect(links.status).toBe(201);
    const ids = [...links.text.matchAll(/\/p\/([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(3);

    const doc = (await h.store.getExperiment(STUDY))!;
    const pop = new Population(h.store, STUDY, doc.configHash, new Date());
    await pop.participant('none', 'completed', { durationMinutes: 12 });
    const json = await agent.get(`/admin/experiments/${STUDY}/monitoring.json`).expect(200);
    expect(json.body.totals).toMatchObject({ completed: 1, assigned: 4 });
    expect(json.body.invitedNotStarted).toBe(3);
    const again = await agent.get(`/admin/experiments/${STUDY}`);
    expect(again.text).toContain('data-m="totals.completed">1<');

    const csv = await agent.get(`/admin/experiments/${STUDY}/invitations.csv`).expect(200);
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(4);
    const trials = await agent.get(`/admin/experiments/${STUDY}/export/trials.csv`).expect(200);
    expect(trials.text.startsWith('participant_id,condition,trial_index,')).toBe(true);
  });

  it('withdraws and, after the confirmation, erases a participant', async () => {
    const { agent, csrf } = await signedIn();
    await agent.post(`/admin/experiments/${STUDY}/open`).type('form').send({ _csrf: csrf });
    const doc = (await h.store.getExperiment(STUDY))!;
    const p = await new Population(h.store, STUDY, doc.configHash, new Date()).participant('none', 'active');
    // A free-text answer is shown, escaped, on the participant's page (the researcher reads it before an erasure).
    await h.store.recordResponses([
      { experimentId: STUDY, configHash: doc.configHash, participantId: p.id, condition: p.condition, scale: 'profil', item: 'commentaire', value: 14, type: 'text', text: '<b>Bonjour</b> !', createdAt: new Date() },
    ]);
    expect((await agent.get(`/admin/participants/${p.id}`).expect(200)).text).toContain('<td>commentaire</td><td>14</td><td>&lt;b&gt;Bonjour&lt;/b&gt; !</td>');
    const w = await agent.post(`/admin/participants/${p.id}/withdraw`).type('form').send({ _csrf: csrf });
    expect(w.status).toBe(303);
    expect((await agent.get(w.headers.location)).text).toContain('Participant withdrawn.');
    const confirm = await agent.get(`/admin/participants/${p.id}/erase`).expect(200);
    expect(confirm.text).toContain('type the participant id');
    const refused = await agent.post(`/admin/participants/${p.id}/erase`).type('form').send({ _csrf: csrf, confirm: 'no' });
    expect(refused.status).toBe(400);
    expect(await h.store.getParticipant(p.id)).not.toBeNull();
    const erased = await agent.post(`/admin/participants/${p.id}/erase`).type('form').send({ _csrf: csrf, confirm: p.id });
    expect(erased.status).toBe(200);
    expect(erased.text).toContain('Participant erased');
    expect(await h.store.getParticipant(p.id)).toBeNull();
    const audit = await agent.get(`/admin/experiments/${STUDY}/audit?verify=1`).expect(200);
    expect(audit.text).toMatch(/Chain intact: \d+ events\./);
    expect(audit.text).not.toContain(p.id);
  });
});
