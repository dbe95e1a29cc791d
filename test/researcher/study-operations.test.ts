import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashLabel } from '../../server/security/index.ts';
import type { ExperimentDoc } from '../../server/store/index.ts';
import { auth, makeHarness, SECRET, STUDY, type Harness } from './harness.ts';
import { Population } from './population.ts';

let h: Harness;
let doc: ExperimentDoc;
let pop: Population;

beforeEach(async () => {
  h = await makeHarness();
  await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
  doc = (await h.store.getExperiment(STUDY)) as ExperimentDoc;
  pop = new Population(h.store, STUDY, doc.configHash, new Date());
});
afterEach(async () => {
  await h.close();
});

describe('monitoring', () => {
  it('counts a known population in every status per condition, against the target', async () => {
    await pop.participant('none', 'completed', { minutesAgo: 100, durationMinutes: 10 });
    await pop.participant('none', 'completed', { minutesAgo: 100, durationMinutes: 20 });
    await pop.participant('none', 'active', { step: 'trials', lastActiveMinutesAgo: 1 });
    await pop.participant('none', 'active', { step: 'practice', lastActiveMinutesAgo: 120 }); // stale: idle > 60 min
    await pop.participant('none', 'withdrawn', { step: 'instructions' });
    await pop.participant('confidence', 'completed', { minutesAgo: 100, durationMinutes: 30 });
    await pop.participant('confidence', 'declined', { step: 'consent' });
    await pop.participant('feature_importance', 'active', { step: 'consent', invited: true });

    const res = await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth);
    expect(res.status).toBe(200);
    const m = res.body;
    const row = (c: string) => m.conditions.find((x: { condition: string }) => x.condition === c);
    expect(row('none')).toEqual({ condition: 'none', completed: 2, inProgress: 1, notOpened: 0, stale: 1, withdrawn: 1, declined: 0, screenedOut: 0, assigned: 5, target: 30 });
    expect(row('confidence')).toEqual({ condition: 'confidence', completed: 1, inProgress: 0, notOpened: 0, stale: 0, withdrawn: 0, declined: 1, screenedOut: 0, assigned: 2, target: 30 });
    expect(row('feature_importance')).toMatchObject({ inProgress: 1, assigned: 1 });
    expect(row('counterfactual')).toMatchObject({ completed: 0, inProgress: 0, assigned: 0 });
    expect(m.totals).toEqual({ completed: 3, inProgress: 2, notOpened: 0, stale: 1, withdrawn: 1, declined: 1, screenedOut: 0, assigned: 8, target: 120 });
    expect(m.progress).toBeCloseTo(3 / 120, 10);
    expect(m.medianCompletionMinutes).toBe(20);
    expect(m.activeByStep).toMatchObject({ trials: 1, practice: 1, consent: 1 });
    expect(m.dropoutByStep).toEqual({ consent: 0, instructions: 1, practice: 1, trials: 0, questionnaires: 0, debrief: 0 });
    expect(m.invitedNotStarted).toBe(1);
    expect(m.balance).toEqual({ min: 0, max: 5, spread: 5 });
  });

  it('shows invitations never opened apart from participants in progress at consent', async () => {
    await pop.participant('none', 'active', { step: 'consent', invited: true, minutesAgo: 30, lastActiveMinutesAgo: 30 }); // never opened
    await pop.participant('none', 'active', { step: 'consent', invited: true, minutesAgo: 30, lastActiveMinutesAgo: 2 }); // opened
    await pop.participant('confidence', 'active', { step: 'consent', minutesAgo: 3, lastActiveMinutesAgo: 3 }); // open link, reading consent
    const m = (await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth)).body;
    const row = (c: string) => m.conditions.find((x: { condition: string }) => x.condition === c);
    expect(row('none')).toMatchObject({ inProgress: 1, notOpened: 1, assigned: 2 });
    expect(row('confidence')).toMatchObject({ inProgress: 1, notOpened: 0, assigned: 1 });
    expect(m.totals).toMatchObject({ inProgress: 2, notOpened: 1, assigned: 3 });
    expect(m.activeByStep.consent).toBe(2);
    expect(m.invitationsNotOpened).toBe(1);
    expect(m.invitedNotStarted).toBe(2);
  });

  it('shows participants inactive for 10 minutes before they go stale, by step', async () => {
    await pop.participant('none', 'active', { step: 'trials', lastActiveMinutesAgo: 1 });
    await pop.participant('none', 'active', { step: 'trials', lastActiveMinutesAgo: 25 }); // inactive, not stale yet
    await pop.participant('none', 'active', { step: 'questionnaires', lastActiveMinutesAgo: 45 }); // inactive
    await pop.participant('none', 'active', { step: 'practice', lastActiveMinutesAgo: 90 }); // stale
    const m = (await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth)).body;
    expect(m.inactiveAfterMinutes).toBe(10);
    expect(m.inactiveByStep).toEqual({ consent: 0, instructions: 0, practice: 0, trials: 1, questionnaires: 1, debrief: 0 });
    expect(m.dropoutByStep.practice).toBe(1);
    expect(m.totals).toMatchObject({ inProgress: 3, stale: 1 });
  });

  it('releases an open-link participant who never consented after 10 minutes in the counts, not an invitation', async () => {
    await pop.participant('none', 'active', { step: 'consent', minutesAgo: 15, lastActiveMinutesAgo: 15 });
    await pop.participant('confidence', 'active', { step: 'consent', invited: true, minutesAgo: 15, lastActiveMinutesAgo: 15 });
    const m = (await request(h.app).get(`/api/experiments/${STUDY}/monitoring`).set(auth)).body;
    const row = (c: string) => m.conditions.find((x: { condition: string }) => x.condition === c);
    expect(row('none')).toMatchObject({ inProgress: 0, stale: 1 });
    expect(row('confidence')).toMatchObject({ inProgress: 0, notOpened: 1, stale: 0 });
    expect(m.dropoutByStep.consent).toBe(1);
  });

  it('flags failed attention checks and implausibly fast decisions', async () => {
    const a = await pop.participant('none', 'active');
    const b = await pop.participant('none', 'active');
    await pop.trial(a, 0, { decision: 'contacter', serverRtMs: 300 }, { decision: 'contacter', serverRtMs: 400 });
    await pop.trial(b, 0, { decision: 'contacter', attentionCheck: true }, { decision: 'ne_pas_contacter', attentionCheck: true });
    const res = await request(h.app).get(`/api/experiments/${STUDY}/quality`).set(auth);
    expect(res.body).toEqual({
      failedAttention: [{ participantId: b.id, failed: 1 }],
      tooFast: [{ participantId: a.id, trials: 2 }],
      decisionRecords: 4,
      minRtMs: 1500,
    });
  });

  it('pages the participant list, filtered by status', async () => {
    for (let i = 0; i < 120; i += 1) await pop.participant('none', i % 3 === 0 ? 'completed' : 'active', { minutesAgo: 200 - i });
    const page = (q: string) => request(h.app).get(`/api/experiments/${STUDY}/participants${q}`).set(auth);
    const first = (await page('')).body;
    expect(first).toMatchObject({ page: 1, pageSize: 50, hasNext: true });
    expect(first.participants).toHaveLength(50);
    expect(first.participants[0]).toMatchObject({ condition: 'none', invited: false, labelled: false });
    expect(first.participants[0]).not.toHaveProperty('plan');
    const third = (await page('?page=3')).body;
    expect(third).toMatchObject({ page: 3, hasNext: false });
    expect(third.participants).toHaveLength(20);
    const ids = new Set([...first.participants, ...(await page('?page=2')).body.participants, ...third.participants].map((p: { id: string }) => p.id));
    expect(ids.size).toBe(120);
    const completed = (await page('?status=completed')).body;
    expect(completed.participants).toHaveLength(40);
    expect((await page('?status=nope')).status).toBe(400);
    expect((await page('?page=0')).status).toBe(400);
  });
});

describe('invitations', () => {
  it('creates N personal links, balanced over the conditions, that resume like any participant', async () => {
    const res = await request(h.app).post(`/api/experiments/${STUDY}/invitations`).set(auth).send({ count: 4 });
    expect(res.status).toBe(201);
    expect(res.body.openLink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/e/${STUDY}$`));
    expect(res.body.invitations).toHaveLength(4);
    const conditions = new Set<string>();
    for (const inv of res.body.invitations) {
      expect(inv.link).toMatch(new RegExp(`/p/${inv.participantId}$`));
      expect(inv.participantId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const p = await h.store.getParticipant(inv.participantId);
      expect(p).toMatchObject({ invited: true, status: 'active', step: 'consent', configHash: doc.configHash });
      conditions.add(p!.condition);
    }
    expect([...conditions].sort()).toEqual(['confidence', 'counterfactual', 'feature_importance', 'none']);
  });

  it('ties links to uploaded labels stored only as salted hashes, and gives the same link for the same label again', async () => {
    const csv = 'label\nAGENT-0042\n=cmd\n';
    const first = await request(h.app)
      .post(`/api/experiments/${STUDY}/invitations`)
      .set(auth)
      .set('Content-Type', 'text/csv')
      .set('Accept', 'text/csv')
      .send(csv);
    expect(first.status).toBe(200);
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${STUDY}-invitations.csv"`);
    const lines = first.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('participant_id,link,label');
    expect(lines[1]).toMatch(/,AGENT-0042$/);
    expect(lines[2]).toMatch(/,'=cmd$/);
    const id = lines[1].split(',')[0];
    const p = await h.store.getParticipant(id);
    expect(p?.labelHash).toBe(hashLabel(SECRET, STUDY, 'AGENT-0042'));

    const again = await request(h.app).post(`/api/experiments/${STUDY}/invitations`).set(auth).send({ labels: ['AGENT-0042'] });
    expect(again.body.invitations).toEqual([expect.objectContaining({ participantId: id, existing: true, label: 'AGENT-0042' })]);

    const everything = await request(h.app).get(`/api/experiments/${STUDY}/export/all.jsonl`).set(auth);
    expect(everything.text).toContain(id);
    expect(everything.text).not.toContain('AGENT-0042');
  });

  it('uses PUBLIC_URL for the links when set', async () => {
    const proxied = await makeHarness({ env: { PUBLIC_URL: 'https://etude.example.gouv.fr/' } });
    try {
      await request(proxied.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
      const res = await request(proxied.app).post(`/api/experiments/${STUDY}/invitations`).set(auth).send({ count: 1 });
      expect(res.body.invitations[0].link).toMatch(/^https:\/\/etude\.example\.gouv\.fr\/p\/[A-Za-z0-9_-]{22}$/);
      expect(res.body.openLink).toBe(`https://etude.example.gouv.fr/e/${STUDY}`);
    } finally {
      await proxied.close();
    }
  });

  it('refuses bad requests with the reason, and a closed study', async () => {
    const post = (body: object | string, type = 'application/json') =>
      request(h.app).post(`/api/experiments/${STUDY}/invitations`).set(auth).set('Content-Type', type).send(body);
    expect((await post({ count: 0 })).status).toBe(400);
    expect((await post({ count: 2, labels: ['a'] })).body.error).toMatch(/exactly one of/);
    const dup = await post('label\nA\nB\nA\n', 'text/csv');
    expect(dup.status).toBe(400);
    expect(dup.body.details).toEqual(['line 4: label "A" repeats line 2']);
    expect((await post({ count: 1, $where: 'x' })).status).toBe(400);
    await request(h.app).post(`/api/experiments/${STUDY}/close`).set(auth).expect(200);
    const closed = await post({ count: 1 });
    expect(closed.status).toBe(400);
    expect(closed.body.error).toMatch(/is not running/);
  });
});

describe('participant detail, withdrawal and erasure', () => {
  it('shows a participant with their records, withdraws, then erases them leaving nothing and a verifiable chain', async () => {
    const p = await pop.participant('none', 'active');
    const other = await pop.participant('confidence', 'active');
    await pop.trial(p, 0, { decision: 'contacter' }, { decision: 'ne_pas_contacter' });
    await pop.trial(other, 0, { decision: 'contacter' }, { decision: 'contacter' });
    await h.store.recordResponses([
      { experimentId: STUDY, configHash: doc.configHash, participantId: p.id, condition: 'none', scale: 'jian_trust', item: 'jian_1', value: 4, createdAt: new Date() },
    ]);
    await h.store.appendEvent(STUDY, { type: 'participant_joined', participantId: p.id });

    const detail = await request(h.app).get(`/api/participants/${p.id}`).set(auth);
    expect(detail.status).toBe(200);
    expect(detail.body.participant).toMatchObject({ id: p.id, status: 'active', condition: 'none', step: 'trials' });
    expect(detail.body.trials.map((t: { phase: string; decision: string }) => [t.phase, t.decision])).toEqual([
      ['initial', 'contacter'],
      ['final', 'ne_pas_contacter'],
    ]);
    expect(detail.body.responses).toEqual([expect.objectContaining({ scale: 'jian_trust', item: 'jian_1', value: 4 })]);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['participant_joined']);

    await request(h.app).post(`/api/participants/${p.id}/withdraw`).set(auth).expect(200);
    expect((await h.store.getParticipant(p.id))?.status).toBe('withdrawn');
    expect((await request(h.app).post(`/api/participants/${p.id}/withdraw`).set(auth)).status).toBe(400);

    const unconfirmed = await request(h.app).post(`/api/participants/${p.id}/erase`).set(auth).send({ confirm: other.id });
    expect(unconfirmed.status).toBe(400);
    expect(await h.store.getParticipant(p.id)).not.toBeNull();

    const erased = await request(h.app).post(`/api/participants/${p.id}/erase`).set(auth).send({ confirm: p.id });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toMatchObject({ participant: true, trials: 2, responses: 1 });

    expect(await h.store.getParticipant(p.id)).toBeNull();
    const left: unknown[] = [];
    for await (const t of h.store.trials(STUDY, { participantId: p.id })) left.push(t);
    for await (const r of h.store.responses(STUDY, { participantId: p.id })) left.push(r);
    expect(left).toEqual([]);
    const everything = await request(h.app).get(`/api/experiments/${STUDY}/export/all.jsonl`).set(auth);
    expect(everything.text).not.toContain(p.id);
    expect(everything.text).toContain(other.id);

    const verify = await request(h.app).get(`/api/experiments/${STUDY}/audit/verify`).set(auth);
    expect(verify.body).toMatchObject({ ok: true });
    const audit = await request(h.app).get(`/api/experiments/${STUDY}/audit`).set(auth);
    expect(audit.body.events[0].type).toBe('participant.erased');
    expect(audit.body.events[0].participantId).toBeNull();
    expect(JSON.stringify(audit.body)).not.toContain(p.id);
    expect(audit.body.total).toBe(audit.body.events.length);

    expect((await request(h.app).get(`/api/participants/${p.id}`).set(auth)).status).toBe(404);
    expect((await request(h.app).post(`/api/participants/${p.id}/erase`).set(auth).send({ confirm: p.id })).status).toBe(404);
  });
});
