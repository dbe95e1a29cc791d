/**
 * A bad experiment file only takes itself out: dropped into a running server's EXPERIMENTS_DIR, the other studies
 * are still listed, opened and served, the dashboard still answers, and the bad study shows its own problems (file,
 * line, field) in the API and on its dashboard page instead of a 500 or "No experiment".
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { auth, makeHarness, STUDY, TOKEN, type Harness } from './harness.ts';

const INVALID = join('test', 'experiments', 'invalid');
/** [folder in EXPERIMENTS_DIR, file of test/experiments/invalid, what its problem says] */
const BAD_FILES: [string, string, RegExp][] = [
  ['alias-bomb', 'alias-bomb.yaml', /alias-bomb\/experiment\.yaml:81:15 {2}\(file\): YAML syntax: aliases/],
  ['nul-title', 'nul-in-title.yaml', /nul-title\/experiment\.yaml:4:14 {2}title\.fr: contains a control character \(U\+0000\)/],
  ['within-one', 'within-single-condition.yaml', /within-one\/experiment\.yaml:42:9 {2}design\.type: within-subjects needs at least two conditions/],
];

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  h.app = createApp(h.deps);
  // The good study is opened before the bad files arrive, as on a server already running.
  expect((await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth)).status).toBe(200);
  for (const [folder, file] of BAD_FILES) {
    await mkdir(join(h.experimentsDir, folder));
    await copyFile(join(INVALID, file), join(h.experimentsDir, folder, 'experiment.yaml'));
    await copyFile(join(INVALID, 'cases.csv'), join(h.experimentsDir, folder, 'cases.csv'));
  }
});
afterEach(async () => {
  await h.close();
});

async function signedInAgent() {
  const agent = request.agent(h.app);
  const form = await agent.get('/admin/sign-in').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  await agent.post('/admin/sign-in').type('form').send({ _csrf: csrf, token: TOKEN, next: '/admin/' }).expect(303);
  return agent;
}

describe('a bad experiment file dropped into a running server', () => {
  it('leaves the study list working, with each bad file invalid and its problem named', async () => {
    const res = await request(h.app).get('/api/experiments').set(auth);
    expect(res.status).toBe(200);
    const byId = new Map((res.body.experiments as { id: string; valid: boolean; errors: string[] }[]).map((e) => [e.id, e]));
    expect(byId.get(STUDY)).toMatchObject({ valid: true, status: 'open' });
    for (const [folder, , problem] of BAD_FILES) {
      expect(byId.get(folder)?.valid).toBe(false);
      expect(byId.get(folder)?.errors.join('\n')).toMatch(problem);
    }
  });

  it.each(BAD_FILES)('%s: GET /api/experiments/<id> shows its problems, opening it is a 400 that names them', async (folder, _file, problem) => {
    const one = await request(h.app).get(`/api/experiments/${folder}`).set(auth);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ summary: null, valid: false, versions: [] });
    expect(one.body.errors.join('\n')).toMatch(problem);
    const open = await request(h.app).post(`/api/experiments/${folder}/open`).set(auth);
    expect(open.status).toBe(400);
    expect(JSON.stringify(open.body)).toMatch(problem);
  });

  it('still opens, closes and serves the good study', async () => {
    expect((await request(h.app).post(`/api/experiments/${STUDY}/close`).set(auth)).status).toBe(200);
    expect((await request(h.app).post(`/api/experiments/${STUDY}/reopen`).set(auth)).status).toBe(200);
    const page = await request(h.app).get(`/e/${STUDY}`).set('Accept-Language', 'fr');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Détection des entreprises en difficulté');
  });

  it('keeps the dashboard answering: the list marks the bad files, their page shows the problems', async () => {
    const agent = await signedInAgent();
    const home = await agent.get('/admin/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('alias-bomb');
    expect(home.text).toContain('invalid');
    const page = await agent.get('/admin/experiments/alias-bomb');
    expect(page.status).toBe(200);
    expect(page.text).toContain('The experiment file is not valid');
    expect(page.text).toMatch(/alias-bomb\/experiment\.yaml:81:15 {2}\(file\): YAML syntax: aliases/);
    expect((await agent.get(`/admin/experiments/${STUDY}`)).status).toBe(200);
  });
});
