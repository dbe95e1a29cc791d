/**
 * One rule wherever the same thing is asked (issue #16 item 8): withdrawing (the participant's own "stop and
 * withdraw" and the researcher's API and dashboard), closing and reopening (no second audit event for a no-op), and
 * an invitation counts as opened once its link is visited.
 */
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { ExperimentDoc } from '../../server/store/index.ts';
import { auth, makeHarness, STUDY, type Harness } from './harness.ts';
import { Population } from './population.ts';

let h: Harness;
let doc: ExperimentDoc;
let pop: Population;
beforeEach(async () => {
  h = await makeHarness();
  h.app = createApp(h.deps);
  await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
  doc = (await h.store.getExperiment(STUDY)) as ExperimentDoc;
  pop = new Population(h.store, STUDY, doc.configHash, new Date());
});
afterEach(async () => {
  await h.close();
});

async function eventTypes(): Promise<string[]> {
  const types: string[] = [];
  for await (const e of h.store.events(STUDY)) types.push(e.type);
  return types;
}

/** The participant's own withdrawal, as their browser does it. */
async function selfWithdraw(id: string): Promise<number> {
  const agent = request.agent(h.app);
  const form = await agent.get(`/p/${id}/withdraw`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  return (await agent.post(`/p/${id}/withdraw`).type('form').send({ _csrf: csrf })).status;
}

describe('one rule for withdrawing', () => {
  it.each(['active', 'completed'] as const)('a %s participant can be withdrawn by the researcher and by themselves', async (status) => {
    const byResearcher = await pop.participant('none', status);
    expect((await request(h.app).post(`/api/participants/${byResearcher.id}/withdraw`).set(auth)).status).toBe(200);
    expect((await h.store.getParticipant(byResearcher.id))?.status).toBe('withdrawn');
    const bySelf = await pop.participant('none', status);
    expect(await selfWithdraw(bySelf.id)).toBe(303);
    expect((await h.store.getParticipant(bySelf.id))?.status).toBe('withdrawn');
  });

  it.each(['declined', 'withdrawn'] as const)('a %s participant can be withdrawn by no one: the API says why, nothing changes', async (status) => {
    const p = await pop.participant('none', status, { step: 'consent' });
    const res = await request(h.app).post(`/api/participants/${p.id}/withdraw`).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`in progress or completed can be withdrawn \\(this one is ${status}\\)`));
    expect(await selfWithdraw(p.id)).not.toBe(500);
    expect((await h.store.getParticipant(p.id))?.status).toBe(status);
    expect((await eventTypes()).filter((t) => t.includes('withdr'))).toEqual([]);
  });

  it('the dashboard offers "Withdraw" for a completed participant', async () => {
    const p = await pop.participant('none', 'completed');
    const agent = request.agent(h.app);
    const form = await agent.get('/admin/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/admin/sign-in').type('form').send({ _csrf: csrf, token: h.deps.config.RESEARCHER_TOKEN, next: '/admin/' }).expect(303);
    const page = await agent.get(`/admin/participants/${p.id}`);
    expect(page.text).toContain(`action="/admin/participants/${p.id}/withdraw"`);
  });
});

describe('closing and reopening are logged once', () => {
  it('closing a closed study, or reopening an open one, answers its state and logs nothing more', async () => {
    for (let i = 0; i < 2; i++) {
      const closed = await request(h.app).post(`/api/experiments/${STUDY}/close`).set(auth);
      expect(closed.status).toBe(200);
      expect(closed.body.experiment.status).toBe('closed');
    }
    for (let i = 0; i < 2; i++) {
      const reopened = await request(h.app).post(`/api/experiments/${STUDY}/reopen`).set(auth);
      expect(reopened.status).toBe(200);
      expect(reopened.body.experiment.status).toBe('open');
    }
    expect(await eventTypes()).toEqual(['experiment_opened', 'experiment_closed', 'experiment_reopened']);
    expect((await h.store.verifyChain(STUDY)).ok).toBe(true);
  });
});

describe('an invitation counts as opened once its link is visited', () => {
  it('moves from "not opened" to in progress at consent at the first visit', async () => {
    const created = await request(h.app).post(`/api/experiments/${STUDY}/invitations`).set(auth).send({ count: 2 });
    expect(created.status).toBe(201);
    const [first] = created.body.invitations as { participantId: string }[];
    const before = (await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth)).body;
    expect(before.invitationsNotOpened).toBe(2);
    expect(before.totals).toMatchObject({ notOpened: 2, inProgress: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await request(h.app).get(`/p/${first.participantId}`)).status).toBe(200);
    const after = (await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth)).body;
    expect(after.invitationsNotOpened).toBe(1);
    expect(after.totals).toMatchObject({ notOpened: 1, inProgress: 1 });
    expect(after.activeByStep.consent).toBe(1);
  });
});
