/**
 * One participant per label and per PROLIFIC_PID across processes (server/participant/join-keys.ts). Inside one
 * process the joins of one label or platform id run one after the other; another process sharing the MongoDB shows
 * itself only through the store. It is played here by the test: it takes the join key directly in the store, as a
 * process in the middle of a join has, and then creates (or not) its participant. The join of this process must
 * then answer with that participant, wait for it, take over a key left by a dead join, and give a key back when
 * its join makes nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinParticipant } from '../../server/participant/join.ts';
import { JOIN_KEY_STALE_MS, joinHoldingKeys, joinKeysFor, takeJoinKeys } from '../../server/participant/join-keys.ts';
import { captureRecruitment } from '../../server/participant/recruitment.ts';
import { hashLabel } from '../../server/security/label-hash.ts';
import { joinKey } from '../../server/store/index.ts';
import type { Experiment } from '../../experiments/model.ts';
import { Client, SECRET, startHarness, type Harness } from './harness.ts';

const STUDY = 'signaux-faibles';
let h: Harness;
let experiment: Experiment;
beforeAll(async () => {
  h = await startHarness([STUDY]);
  experiment = (await h.registry.running(STUDY))!.experiment;
});
afterAll(async () => h?.close());

const prolific = (pid: string) => ({ PROLIFIC_PID: pid, STUDY_ID: '60aa11bb22cc33dd44ee55ff', SESSION_ID: 'sess-0001' });
const query = (pid: string) => `?${new URLSearchParams(prolific(pid))}`;

/** The join of "the other process" once it holds the key: its participant, with that platform id or label. */
function otherJoin(options: { pid?: string; label?: string }) {
  const recruitment = options.pid ? captureRecruitment(experiment, prolific(options.pid), SECRET) : undefined;
  const labelHash = options.label ? hashLabel(SECRET, STUDY, options.label) : undefined;
  return joinParticipant(h.store, experiment, { language: 'fr', labelHash, recruitment }, h.clock.now);
}

describe('a join whose label or platform id another process is joining with', () => {
  it('PROLIFIC_PID: waits for the other join and resumes its participant', async () => {
    const pid = '6a0000000000000000000001';
    const key = joinKey(STUDY, 'platform', captureRecruitment(experiment, prolific(pid), SECRET)!.platformIdHash!);
    expect(await h.store.claimJoinKey(key, h.clock.now)).toEqual({ claimed: true });
    const c = new Client(h, 'en-GB');
    const form = await c.get(`/e/${STUDY}${query(pid)}`);
    const joining = c.post(`/e/${STUDY}`, form.hidden);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const theirs = (await otherJoin({ pid }))!;
    const res = await joining;
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/p/${theirs.id}`);
    const mine = [];
    for await (const p of h.store.participants(STUDY)) if (p.recruitment?.PROLIFIC_PID === pid) mine.push(p.id);
    expect(mine).toEqual([theirs.id]);
  });

  it('label: the number is in use once the other join made its participant; nobody else is created', async () => {
    const key = joinKey(STUDY, 'label', hashLabel(SECRET, STUDY, 'AGENT-77'));
    expect(await h.store.claimJoinKey(key, h.clock.now)).toEqual({ claimed: true });
    const before = (await h.store.participantSummary(STUDY, new Date(0))).total;
    const c = new Client(h, 'en-GB');
    const form = await c.get(`/e/${STUDY}?label=AGENT-77`);
    const joining = c.post(`/e/${STUDY}`, { ...form.hidden, label: 'AGENT-77' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await otherJoin({ label: 'AGENT-77' });
    const res = await joining;
    expect(res.status).toBe(409);
    expect(res.html).toMatch(/already in use/);
    expect((await h.store.participantSummary(STUDY, new Date(0))).total).toBe(before + 1);
  });

  it('a join that never finishes: "starting, reload" (409) for about two seconds; once stale, its key is taken over', async () => {
    const key = joinKey(STUDY, 'label', hashLabel(SECRET, STUDY, 'AGENT-78'));
    await h.store.claimJoinKey(key, h.clock.now);
    const before = (await h.store.participantSummary(STUDY, new Date(0))).total;
    const c = new Client(h, 'fr-FR');
    const form = await c.get(`/e/${STUDY}?label=AGENT-78`);
    const busy = await c.post(`/e/${STUDY}`, { ...form.hidden, label: 'AGENT-78' });
    expect(busy.status).toBe(409);
    expect(busy.html).toMatch(/Démarrage en cours[\s\S]*Rechargez cette page/);
    expect((await h.store.participantSummary(STUDY, new Date(0))).total).toBe(before);
    h.clock.advance(JOIN_KEY_STALE_MS + 1000);
    const again = await c.post(`/e/${STUDY}`, { ...form.hidden, label: 'AGENT-78' });
    expect(again.status).toBe(303);
    const joined = await h.store.getParticipant(again.location!.replace('/p/', ''));
    expect(joined?.labelHash).toBe(hashLabel(SECRET, STUDY, 'AGENT-78'));
    // The key is now this join's: a later visit from another browser is told the number is in use.
    const other = new Client(h, 'en-GB');
    const otherVisit = await other.get(`/e/${STUDY}?label=AGENT-78`);
    expect(otherVisit.status).toBe(409);
    expect(otherVisit.html).toMatch(/already in use/);
  }, 20_000);

  it('an erased participant gives their label back: the number can start again', async () => {
    const c = new Client(h, 'en-GB');
    await c.join(STUDY, '?label=AGENT-79');
    await h.store.eraseParticipant(c.participantId);
    const next = new Client(h, 'en-GB');
    await next.join(STUDY, '?label=AGENT-79');
    expect(next.participantId).not.toBe(c.participantId);
    expect((await h.store.getParticipant(next.participantId))?.labelHash).toBe(hashLabel(SECRET, STUDY, 'AGENT-79'));
  });
});

describe('a join that makes nobody', () => {
  it('gives its keys back (the study was full), so the label and PROLIFIC_PID are free for a later try; one that makes a participant keeps them', async () => {
    const keys = joinKeysFor(STUDY, { platformIdHash: 'p-hash-full', labelHash: 'l-hash-full' });
    expect(keys.map((k) => k.kind)).toEqual(['platform', 'label']);
    expect(await takeJoinKeys(h.store, keys, h.clock.now)).toBe(true);
    expect(await joinHoldingKeys(h.store, keys, async () => null)).toBeNull();
    for (const { key } of keys) expect(await h.store.claimJoinKey(key, h.clock.now)).toEqual({ claimed: true });
    expect(await joinHoldingKeys(h.store, keys, async () => 'participant')).toBe('participant');
    for (const { key } of keys) expect((await h.store.claimJoinKey(key, h.clock.now)).claimed).toBe(false);
  });

  it('taking two keys of which the second is held gives the first back', async () => {
    const keys = joinKeysFor(STUDY, { platformIdHash: 'p-hash-2', labelHash: 'l-hash-2' });
    await h.store.claimJoinKey(keys[1].key, h.clock.now);
    expect(await takeJoinKeys(h.store, keys, h.clock.now)).toBe('label');
    expect(await h.store.claimJoinKey(keys[0].key, h.clock.now)).toEqual({ claimed: true });
  });
});
