/**
 * A MongoDB without a majority (or without a primary) makes the driver time out; the store turns that into
 * StoreUnavailableError (server/store/mongodb/unavailable.ts), and every route answers 503 with a message instead of
 * hanging. The failures are injected on the collections of a real store (test/store/wrapped-database.ts) as the real
 * mapping produces them from the driver's own error (a write-concern timeout, code 64), before a write (nothing
 * applied) or after it (applied, acknowledgement lost): sending the page again stores nothing twice and loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { MongoWriteConcernError } from 'mongodb';
import { asStoreError } from '../../server/store/mongodb/unavailable.ts';
import { StoreUnavailableError } from '../../server/store/index.ts';
import type { OperationCall } from '../store/wrapped-database.ts';
import { Client, defaultAnswers, snapshot, startHarness, type Harness, type Page } from './harness.ts';
import { auth, makeHarness, TOKEN, type Harness as ResearcherHarness } from '../researcher/harness.ts';
import { createApp } from '../../server/app.ts';

const STUDY = 'signaux-faibles';

/** The error the MongoDB driver throws when a majority did not acknowledge a write within wtimeoutMS, as the store maps it. */
function majorityTimeout(): StoreUnavailableError {
  const driverError = new MongoWriteConcernError({ ok: 1, writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' } });
  const mapped = asStoreError(driverError, 'trials', 'insertOne');
  if (!(mapped instanceof StoreUnavailableError)) throw new Error('the mapping did not produce StoreUnavailableError');
  return mapped;
}

interface Fault {
  when: 'before' | 'after';
  matches(call: OperationCall): boolean;
}
let fault: Fault | null = null;
/** Fails the next operation `matches` accepts, once. */
function failOnce(when: Fault['when'], matches: Fault['matches']): void {
  fault = { when, matches };
}
function maybeFail(when: Fault['when'], call: OperationCall): void {
  if (fault?.when === when && fault.matches(call)) {
    fault = null;
    throw majorityTimeout();
  }
}
const hooks = { before: (c: OperationCall) => maybeFail('before', c), after: (c: OperationCall) => maybeFail('after', c) };

// The decision's move is a findOneAndUpdate (its result serves the next page); other steps' moves an updateOne.
const isStepUpdate = (c: OperationCall) =>
  c.collection === 'participants' && (c.operation === 'updateOne' || c.operation === 'findOneAndUpdate') && 'stepIndex' in c.filter;
const firstDecision = (p: Page) => p.at !== null && p.at.startsWith('trials:') && 'decision' in p.radios;

let h: Harness;
beforeAll(async () => {
  h = await startHarness([STUDY], { hooks });
});
afterAll(async () => {
  await h?.close();
});

async function atFirstDecision(): Promise<{ c: Client; page: Page }> {
  const c = new Client(h);
  let page = await c.join(STUDY);
  for (let guard = 0; !firstDecision(page); guard++) {
    if (guard > 100 || page.at === null) throw new Error('no decision page');
    h.clock.advance(3000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return { c, page };
}

async function trialsOf(participantId: string) {
  return (await snapshot(h.store, STUDY, participantId)).trials;
}

describe('participant pages when the database does not answer in time', () => {
  it('maps the driver error to StoreUnavailableError naming the collection and the cause', () => {
    const error = majorityTimeout();
    expect(error.message).toBe(
      'MongoDB did not answer insertOne on trials in time (no reachable primary or no majority of the replica set): waiting for replication timed out',
    );
  });

  it.each([
    ['before the trial is written', 'before' as const, (c: OperationCall) => c.collection === 'trials' && c.operation === 'insertOne'],
    ['after the trial is written (acknowledgement lost)', 'after' as const, (c: OperationCall) => c.collection === 'trials' && c.operation === 'insertOne'],
    ['before the step moves', 'before' as const, isStepUpdate],
    ['after the step moved (acknowledgement lost)', 'after' as const, isStepUpdate],
  ])('a decision whose store write fails %s answers 503; sent again, it is stored once and the flow advances once', async (_label, when, matches) => {
    const { c, page } = await atFirstDecision();
    const answers = defaultAnswers(page);
    const before = await trialsOf(c.participantId);
    failOnce(when, matches);
    const failed = await c.post(c.path, { ...page.hidden, ...answers });
    expect(fault).toBeNull();
    expect(failed.status).toBe(503);
    expect(failed.html).toContain('La base de données n&#39;a pas répondu à temps');
    expect(failed.html).not.toContain('MongoDB');
    const retried = await c.post(c.path, { ...page.hidden, ...answers });
    expect(retried.status).toBe(303);
    const trials = await trialsOf(c.participantId);
    expect(trials.length).toBe(before.length + 1);
    const added = trials.filter((t) => !before.some((b) => b.trialIndex === t.trialIndex && b.phase === t.phase && b.practice === t.practice));
    expect(added).toHaveLength(1);
    expect(String(added[0].decision)).toBe(answers.decision);
    const next = await c.current();
    expect(next.status).toBe(200);
    expect(next.at).not.toBe(page.at);
    // Exactly one page further: the next page's form is accepted as the current one.
    const after = await c.answer(next, defaultAnswers(next));
    expect(after.at).not.toBe(next.at);
  });

  it('a page view whose read fails answers 503 in the participant language, then works', async () => {
    const { c, page } = await atFirstDecision();
    failOnce('before', (call) => call.collection === 'participants' && call.operation === 'findOne');
    const failed = await c.get(c.path);
    expect(failed.status).toBe(503);
    expect(failed.html).toContain('Service momentanément indisponible');
    expect((await c.get(c.path)).at).toBe(page.at);
  });
});

describe('researcher API when the database does not answer in time', () => {
  let r: ResearcherHarness;
  beforeAll(async () => {
    r = await makeHarness({ hooks });
  });
  afterAll(async () => {
    await r?.close();
  });

  it('answers 503 with the reason as JSON, then works again', async () => {
    failOnce('before', (call) => call.collection === 'experiments' && call.operation === 'find');
    const failed = await request(r.app).get('/api/experiments').set(auth);
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.body).toEqual({
      error: 'MongoDB did not answer insertOne on trials in time (no reachable primary or no majority of the replica set): waiting for replication timed out',
      retry: true,
    });
    expect((await request(r.app).get('/api/experiments').set(auth)).status).toBe(200);
  });
});

describe('researcher pages when the database does not answer in time', () => {
  let r: ResearcherHarness;
  beforeAll(async () => {
    r = await makeHarness({ hooks });
    r.app = createApp(r.deps);
  });
  afterAll(async () => {
    await r?.close();
  });

  it('answer 503 with what MongoDB did not answer, then work again', async () => {
    const agent = request.agent(r.app);
    const form = await agent.get('/admin/sign-in').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    await agent.post('/admin/sign-in').type('form').send({ _csrf: csrf, token: TOKEN, next: '/admin/' }).expect(303);
    failOnce('before', (call) => call.collection === 'experiments' && call.operation === 'find');
    const failed = await agent.get('/admin/');
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.text).toContain('Database unavailable');
    expect(failed.text).toContain('MongoDB did not answer insertOne on trials in time');
    expect((await agent.get('/admin/')).status).toBe(200);
  });
});
