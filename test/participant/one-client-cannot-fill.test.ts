/**
 * One client cannot fill a study (issue #16 item 4): joins per address and study are capped at a quarter of the
 * study's places (at least 20) per 10 minutes, and the places of open-link joiners who never consent are released
 * after 10 minutes, while working participants and invitations keep theirs for stale_after_minutes.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { joinsPerClient } from '../../server/participant/join-limit.ts';
import { createRegistry, type ExperimentRegistry } from '../../server/registry.ts';
import { createInvitations } from '../../server/researcher/invitations/invite.ts';
import { openStore, type ParticipantDoc, type Store } from '../../server/store/index.ts';
import { Client, defaultAnswers, SECRET } from './harness.ts';

let dataDir: string;
let studiesDir: string;
let store: Store;
let registry: ExperimentRegistry;
const clock = { now: new Date('2026-03-02T09:00:00.000Z') };

/** The bundled studies, and `petite`: signaux-faibles with one place per condition (4 places). */
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'confiance-fill-'));
  studiesDir = await mkdtemp(join(tmpdir(), 'confiance-fill-studies-'));
  for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation']) await cp(join('experiments', 'studies', id), join(studiesDir, id), { recursive: true });
  await cp(join('experiments', 'studies', 'signaux-faibles'), join(studiesDir, 'petite'), { recursive: true });
  const yaml = await readFile(join(studiesDir, 'petite', 'experiment.yaml'), 'utf8');
  await writeFile(join(studiesDir, 'petite', 'experiment.yaml'), yaml.replace(/^id: signaux-faibles /m, 'id: petite ').replace(/target_per_condition: 30/, 'target_per_condition: 1'));
  store = await openStore({ dataDir });
  registry = createRegistry({ dir: studiesDir, store, now: () => clock.now });
  for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'petite']) await registry.open(id);
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(studiesDir, { recursive: true, force: true });
});

function app(trustProxy = false) {
  const config = loadConfig({ EXPERIMENTS_DIR: studiesDir, DATA_DIR: dataDir, TRUST_PROXY: trustProxy ? '1' : '0' });
  return createApp({ config, store, registry, secret: SECRET, now: () => clock.now });
}

async function participantsIn(study: string): Promise<ParticipantDoc[]> {
  const all: ParticipantDoc[] = [];
  for await (const p of store.participants(study)) all.push(p);
  return all;
}

/** A join as a script would send it: a fresh cookie-less client each time, from `address`. */
async function scriptedJoin(server: ReturnType<typeof app>, study: string, address?: string): Promise<number> {
  const agent = request.agent(server);
  const headers = address ? { 'X-Forwarded-For': address } : {};
  const welcome = await agent.get(`/e/${study}`).set(headers);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(welcome.text)?.[1] ?? '';
  const res = await agent.post(`/e/${study}`).set(headers).type('form').send({ _csrf: csrf, at: 'join', lang: 'fr' });
  return res.status;
}

describe('joins per client, in proportion to the study', () => {
  it('allows a quarter of the places (at least 20) per client: 30 of 120, 30 of 120, 20 of 40', async () => {
    const sizes = await Promise.all(['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation'].map(async (id) => joinsPerClient(await registry.load(id))));
    expect(sizes).toEqual([30, 30, 20]);
  });

  it('stops a client at its share of signaux-faibles (30 of 120 places), while another address still joins', async () => {
    const server = app(true);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push(await scriptedJoin(server, 'signaux-faibles', '203.0.113.7'));
    expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    expect(await participantsIn('signaux-faibles')).toHaveLength(30);
    expect(await scriptedJoin(server, 'signaux-faibles', '198.51.100.2')).toBe(303);
    // The limit is per study: the same client may still join another study.
    expect(await scriptedJoin(server, 'risque-inondation', '203.0.113.7')).toBe(303);
  });
});

describe('places of participants who never consented are released sooner', () => {
  it('a study filled by joiners who never consent opens again after 10 minutes; working participants keep theirs', async () => {
    const server = app();
    // One participant works (consents and answers), three join and never consent: the 4 places are taken.
    const worker = new Client({ app: server });
    const consent = await worker.join('petite');
    await worker.answer(consent, defaultAnswers(consent));
    for (let i = 0; i < 3; i++) expect(await scriptedJoin(server, 'petite')).toBe(303);
    expect(await scriptedJoin(server, 'petite')).toBe(409);
    clock.now = new Date(clock.now.getTime() + 11 * 60_000);
    // The three unconsented places are free again; the worker's is not (stale only after 60 minutes).
    for (let i = 0; i < 3; i++) expect(await scriptedJoin(server, 'petite')).toBe(303);
    expect(await scriptedJoin(server, 'petite')).toBe(409);
    const all = await participantsIn('petite');
    expect(all).toHaveLength(7);
    const holding = all.filter((p) => p.id === worker.participantId || p.lastActivityAt.getTime() === clock.now.getTime());
    expect(holding.map((p) => p.condition).sort()).toEqual(['confidence', 'counterfactual', 'feature_importance', 'none']);
  });

  it('an invitation not yet opened keeps its place past 10 minutes', async () => {
    const server = app();
    const deps = { config: loadConfig({ DATA_DIR: dataDir }), store, registry, secret: SECRET, now: () => clock.now };
    await createInvitations(deps, 'petite', { count: 4 }, 'http://example.test');
    expect(await scriptedJoin(server, 'petite')).toBe(409);
    clock.now = new Date(clock.now.getTime() + 11 * 60_000);
    expect(await scriptedJoin(server, 'petite')).toBe(409);
    clock.now = new Date(clock.now.getTime() + 50 * 60_000);
    expect(await scriptedJoin(server, 'petite')).toBe(303);
  });
});
