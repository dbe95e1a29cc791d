import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { researcherApi } from '../../server/researcher/api/router.ts';
import { researcherTokenProblem, tokensMatch } from '../../server/researcher/auth/token.ts';
import { auth, makeHarness, STUDY, TOKEN, type Harness } from './harness.ts';

/** Every API route with a method; ids in the paths need not exist: auth comes first. */
const API_ROUTES: [method: 'get' | 'post', path: string][] = [
  ['get', '/api/experiments'],
  ['get', `/api/experiments/${STUDY}`],
  ['post', `/api/experiments/${STUDY}/open`],
  ['post', `/api/experiments/${STUDY}/close`],
  ['post', `/api/experiments/${STUDY}/reopen`],
  ['get', `/api/experiments/${STUDY}/monitoring`],
  ['get', `/api/experiments/${STUDY}/quality`],
  ['get', `/api/experiments/${STUDY}/participants`],
  ['post', `/api/experiments/${STUDY}/invitations`],
  ['get', `/api/experiments/${STUDY}/open-link`],
  ['get', `/api/experiments/${STUDY}/audit`],
  ['get', `/api/experiments/${STUDY}/audit/verify`],
  ['get', `/api/experiments/${STUDY}/export/trials.csv`],
  ['get', `/api/experiments/${STUDY}/export/responses.csv`],
  ['get', `/api/experiments/${STUDY}/export/all.jsonl`],
  ['get', '/api/participants/AAAAAAAAAAAAAAAAAAAAAA'],
  ['post', '/api/participants/AAAAAAAAAAAAAAAAAAAAAA/withdraw'],
  ['post', '/api/participants/AAAAAAAAAAAAAAAAAAAAAA/erase'],
  ['get', '/api/no-such-route'],
];

describe('researcher token', () => {
  it('is refused when missing or shorter than 32 characters, with the variable named', () => {
    expect(researcherTokenProblem(undefined)).toMatch(/RESEARCHER_TOKEN is not set/);
    expect(researcherTokenProblem('x'.repeat(31))).toMatch(/shorter than 32/);
    expect(researcherTokenProblem('x'.repeat(32))).toBeNull();
  });

  it('compares equal tokens as equal and any difference (also length) as different', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch(TOKEN + 'x', TOKEN)).toBe(false);
    expect(tokensMatch(TOKEN.slice(0, -1) + 'X', TOKEN)).toBe(false);
    expect(tokensMatch('', TOKEN)).toBe(false);
  });
});

describe('researcher API access', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(API_ROUTES)('%s %s answers 401 without a token and with a wrong one, leaking nothing', async (method, path) => {
    const missing = await request(h.app)[method](path);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: 'unauthorized' });
    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const wrong = await request(h.app)[method](path).set('Authorization', header);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ error: 'unauthorized' });
      expect(wrong.text).not.toContain(STUDY);
    }
  });

  it('changes nothing in the store when an unauthorized open is attempted', async () => {
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set('Authorization', 'Bearer nope');
    expect(await h.store.listExperiments()).toEqual([]);
  });

  it('stops a client after too many refused attempts with 429, and does not count successful calls', async () => {
    const limited = await makeHarness({ failedAuthLimit: 3 });
    try {
      for (let i = 0; i < 5; i += 1) {
        expect((await request(limited.app).get('/api/experiments').set(auth)).status).toBe(200);
      }
      for (let i = 0; i < 3; i += 1) {
        expect((await request(limited.app).get('/api/experiments')).status).toBe(401);
      }
      expect((await request(limited.app).get('/api/experiments')).status).toBe(429);
      // The right token is never refused: only failures are limited (see lock-out.test.ts).
      expect((await request(limited.app).get('/api/experiments').set(auth)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('refuses to run the routes at all when no token is configured (503, never open)', async () => {
    const messages: string[] = [];
    const app = express();
    app.use('/api', researcherApi({ ...h.deps, config: { ...h.deps.config, RESEARCHER_TOKEN: undefined } }, { log: (m) => messages.push(m) }));
    const res = await request(app).get('/api/experiments').set(auth);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/RESEARCHER_TOKEN/);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/RESEARCHER_TOKEN is not set.*disabled/);
  });
});

describe('experiments through the API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists the experiment file, valid and not opened yet', async () => {
    const res = await request(h.app).get('/api/experiments').set(auth);
    expect(res.status).toBe(200);
    const entry = res.body.experiments.find((e: { id: string }) => e.id === STUDY);
    expect(entry).toMatchObject({ id: STUDY, valid: true, status: 'not_opened', fileVersion: '1.0', versions: [] });
    expect(entry.fileConfigHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the validated summary of the file', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({
      id: STUDY,
      version: '1.0',
      task: 'binary',
      paradigm: 'two_stage',
      design: 'between',
      control: 'none',
      practiceTrials: 2,
      decisionTrials: 20,
      attentionChecks: 1,
      exclusions: { minRtMs: 1500, failedAttention: 'exclude_participant' },
    });
    expect(res.body.summary.conditions.map((c: { id: string }) => c.id)).toEqual([
      'none',
      'confidence',
      'feature_importance',
      'counterfactual',
    ]);
    expect(res.body.versions).toEqual([]);
  });

  it('answers 404 for an unknown experiment and 400 when opening it', async () => {
    expect((await request(h.app).get('/api/experiments/nope').set(auth)).status).toBe(404);
    const open = await request(h.app).post('/api/experiments/nope/open').set(auth);
    expect(open.status).toBe(400);
    expect(open.body.error).toMatch(/Unknown experiment "nope"/);
  });

  it('opens, closes and reopens, recording each step in the audit chain', async () => {
    const opened = await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth);
    expect(opened.status).toBe(200);
    expect(opened.body.experiment).toMatchObject({ version: '1.0', status: 'open', closedAt: null });
    const hash = opened.body.experiment.configHash;
    expect((await h.store.getExperiment(STUDY))?.status).toBe('open');

    const closed = await request(h.app).post(`/api/experiments/${STUDY}/close`).set(auth);
    expect(closed.body.experiment).toMatchObject({ configHash: hash, status: 'closed' });
    expect(closed.body.experiment.closedAt).toEqual(expect.any(String));
    expect(await h.deps.registry.running(STUDY)).toBeNull();

    const reopened = await request(h.app).post(`/api/experiments/${STUDY}/reopen`).set(auth);
    expect(reopened.body.experiment).toMatchObject({ configHash: hash, status: 'open' });
    expect((await h.deps.registry.running(STUDY))?.doc.configHash).toBe(hash);

    const list = await request(h.app).get('/api/experiments').set(auth);
    const entry = list.body.experiments.find((e: { id: string }) => e.id === STUDY);
    expect(entry).toMatchObject({ status: 'open', fileChangedSinceOpen: false });
    expect(entry.versions).toHaveLength(1);

    const types: string[] = [];
    for await (const e of h.store.events(STUDY)) types.push(e.type);
    expect(types).toEqual(['experiment_opened', 'experiment_closed', 'experiment_reopened']);
    const verify = await request(h.app).get(`/api/experiments/${STUDY}/audit/verify`).set(auth);
    expect(verify.body).toMatchObject({ ok: true, count: 3 });
  });

  it('opening the same unchanged file twice keeps one version', async () => {
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    expect(await h.store.listExperiments()).toHaveLength(1);
  });

  it('refuses to open an edited file under the same version, and opens it once the version changes', async () => {
    const first = await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    await h.editStudy('min_rt_ms: 1500', 'min_rt_ms: 1000');
    const list = await request(h.app).get('/api/experiments').set(auth);
    expect(list.body.experiments.find((e: { id: string }) => e.id === STUDY).fileChangedSinceOpen).toBe(true);

    const clash = await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth);
    expect(clash.status).toBe(400);
    expect(clash.body.error).toMatch(/version "1.0" was already opened with different content/);
    expect(clash.body.details[0]).toMatch(/change "version"/);
    expect(await h.store.listExperiments()).toHaveLength(1);

    await h.editStudy('version: "1.0"', 'version: "1.1"');
    const second = await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    expect(second.body.experiment).toMatchObject({ version: '1.1', status: 'open' });
    expect(second.body.experiment.configHash).not.toBe(first.body.experiment.configHash);
    const versions = await h.store.listExperiments();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      ['1.0', 'closed'],
      ['1.1', 'open'],
    ]);
  });

  it('answers 404 when closing an experiment never opened', async () => {
    const res = await request(h.app).post(`/api/experiments/${STUDY}/close`).set(auth);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/has not been opened/);
  });
});
