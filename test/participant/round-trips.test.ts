/**
 * Store operations per decision submission (issue #15, item 4), counted on the narrow Collection interface that both
 * drivers implement (test/store/wrapped-database.ts), so the count is that of MongoDB: there each Collection call is
 * one round trip to the server (a find streams a participant's few records in one batch; a findOneAndUpdate is one
 * findAndModify).
 *
 * What is counted: the *sequential* store operations of one request, i.e. rounds. An operation that starts while
 * another operation of the same request is still in flight runs concurrently with it (Promise.all) and adds no round:
 * its round trip overlaps the other. Operations of the decision POST are counted from the request to its 303; those of
 * the GET of the redirect target from its request to its page.
 *
 * Asserted for every decision page of the four bundled studies (one-stage categorical, two-stage binary, two-stage
 * numeric, one-stage binary in each of controle-sanitaire's four conditions, where the AI may have the last word and an
 * override may have to be justified on its own page first, which reads the participant and stores nothing): the POST makes exactly three rounds, one operation each (read the participant, insert the trial, move
 * the step with its compare-and-set, a findOneAndUpdate returning the participant as it left them, which also stores
 * the last activity and the language); the GET of the redirect, in the same process, none: the page is built from
 * what the POST's write returned (server/participant/just-moved.ts), the initial decision a final phase recalls
 * included. So a submission costs three round trips. The same GET reaching another process (here: after the two
 * seconds the POST's result is kept) reads the participant, one round (plus the stored initial decision on a final
 * phase), and renders the very same page.
  */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationCall } from '../store/wrapped-database.ts';
import request from 'supertest';
import { JUST_MOVED_MS } from '../../server/participant/just-moved.ts';
import { Client, defaultAnswers, JUSTIFICATION, readPage, startHarness, type Harness, type Page } from './harness.ts';

/** A page without what differs from one rendering to the next: the served-at stamp and the CSRF token. */
const withoutStamps = (html: string) => html.replace(/name="(served|_csrf)" value="[^"]*"/g, 'name="$1" value=""');

interface Recorder {
  counting: boolean;
  inFlight: number;
  rounds: string[][];
}
const recorder: Recorder = { counting: false, inFlight: 0, rounds: [] };
const hooks = {
  before(c: OperationCall) {
    if (!recorder.counting) return;
    if (recorder.inFlight === 0) recorder.rounds.push([]);
    recorder.rounds[recorder.rounds.length - 1].push(`${c.collection}.${c.operation}`);
    recorder.inFlight += 1;
  },
  settled() {
    if (recorder.counting) recorder.inFlight -= 1;
  },
};

/** The rounds of store operations `run` makes. */
async function rounds(run: () => Promise<unknown>): Promise<string[][]> {
  Object.assign(recorder, { counting: true, inFlight: 0, rounds: [] });
  try {
    await run();
  } finally {
    recorder.counting = false;
  }
  expect(recorder.inFlight).toBe(0);
  return recorder.rounds;
}

const STUDIES = ['aide-exceptionnelle', 'signaux-faibles', 'risque-inondation', 'controle-sanitaire'];
/** One-stage studies (no final phase recalling an initial decision); controle-sanitaire's AI-last-word pages included. */
const ONE_STAGE = new Set(['aide-exceptionnelle', 'controle-sanitaire']);
let h: Harness;
beforeAll(async () => {
  h = await startHarness(STUDIES, { hooks });
});
afterAll(async () => {
  await h?.close();
});

const isDecision = (p: Page) => p.at !== null && p.at.startsWith('trials:') && ('decision' in p.radios || p.numberInput !== null);

/** Participants walked per study: controle-sanitaire's four conditions (balanced: four joins fill each once). */
const PARTICIPANTS: Record<string, number> = { 'controle-sanitaire': 4 };

describe.each(STUDIES)('store round trips per decision submission (%s)', (study) => {
  it('a decision POST makes 3 sequential store operations and the GET of its redirect none; that GET elsewhere reads 1 (2 on a final phase)', async () => {
    const conditions = new Set<string>();
    let justified = 0;
    for (let n = 0; n < (PARTICIPANTS[study] ?? 1); n++) {
      const c = new Client(h);
      let page = await c.join(study);
      conditions.add((await h.store.getParticipant(c.participantId))!.condition);
      const measured: { at: string; post: string[][]; get: string[][]; elsewhere: string[][]; recallsInitial: boolean }[] = [];
      for (let guard = 0; page.at !== null && guard < 500; guard++) {
        h.clock.advance(4000);
        if (!isDecision(page)) {
          page = await c.answer(page, defaultAnswers(page));
          continue;
        }
        const at = page.at;
        const form = { ...page.hidden, ...defaultAnswers(page) };
        let res = { status: 0, html: '' };
        let post = await rounds(async () => {
          res = await c.post(c.path, form);
        });
        // An override that must be justified: the justification page, read from the participant and nothing stored;
        // the submission is then the justified answer.
        if (res.status === 200 && res.html.includes('name="justification"')) {
          expect(post, at).toEqual([['participants.findOne']]);
          justified += 1;
          h.clock.advance(4000);
          post = await rounds(async () => {
            res = await c.post(c.path, { ...readPage(200, res.html).hidden, justification: JUSTIFICATION });
          });
        }
        expect(res.status, at).toBe(303);
        let next = page;
        const get = await rounds(async () => {
          next = await c.current();
        });
        // The same GET once the POST's result is no longer kept, as on another process: it reads, and shows the same.
        h.clock.advance(JUST_MOVED_MS + 1);
        let read = page;
        const elsewhere = await rounds(async () => {
          read = await c.current();
        });
        expect(read.at, at).toBe(next.at);
        expect(withoutStamps(read.html), at).toBe(withoutStamps(next.html));
        measured.push({ at, post, get, elsewhere, recallsInitial: next.html.includes('class="recall"') });
        page = read;
      }
      expect(page.html).toMatch(/debrief|Merci|merci/);
      expect(measured.length).toBeGreaterThanOrEqual(10);
      // Two-stage studies: about every other next page is a final phase recalling the initial decision; one-stage: none.
      const recalls = measured.filter((m) => m.recallsInitial).length;
      if (ONE_STAGE.has(study)) expect(recalls).toBe(0);
      else expect(recalls).toBe(Math.floor(measured.length / 2));
      for (const { at, post, get, elsewhere, recallsInitial } of measured) {
        expect(post, at).toEqual([['participants.findOne'], ['trials.insertOne'], ['participants.findOneAndUpdate']]);
        expect(get, at).toEqual([]);
        expect(elsewhere, at).toEqual(recallsInitial ? [['participants.findOne'], ['trials.find']] : [['participants.findOne']]);
      }
    }
    expect(conditions.size).toBe(PARTICIPANTS[study] ?? 1);
    // controle-sanitaire: the agent who must justify overrides the proposal on some case (the first answer differs
    // from the AI's on at least one of its cases), so the justified path is measured too.
    if (study === 'controle-sanitaire') expect(justified).toBeGreaterThan(0);
  });
});

/** A new participant of `study`, answered up to their first decision page. */
async function atFirstDecision(study: string): Promise<{ c: Client; page: Page }> {
  const c = new Client(h);
  let page = await c.join(study);
  for (let guard = 0; !isDecision(page); guard++) {
    if (guard > 100 || page.at === null) throw new Error('no decision page');
    h.clock.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return { c, page };
}

describe('the POST result kept for the GET of its redirect is dropped by any other answer', () => {
  it('a decision sent twice (double click) before the GET: the second POST stores nothing, and the GET reads the store', async () => {
    const { c, page } = await atFirstDecision('signaux-faibles');
    const form = { ...page.hidden, ...defaultAnswers(page) };
    expect((await c.post(c.path, form)).status).toBe(303);
    const again = await rounds(async () => {
      expect((await c.post(c.path, form)).status).toBe(303);
    });
    // The repeat reads the participant, finds the page already answered and the same answer stored: no write.
    expect(again).toEqual([['participants.findOne'], ['trials.find']]);
    let next = page;
    const get = await rounds(async () => {
      next = await c.current();
    });
    // The page after a two-stage initial decision is its final phase: the stored initial decision is read too.
    expect(get).toEqual([['participants.findOne'], ['trials.find']]);
    expect(next.at).not.toBe(page.at);
    expect(next.html).toContain('class="recall"');
  });
});

describe('the GET of the redirect uses the POST result only in the browser that posted', () => {
  it('the same participant page opened in another browser (no token) reads the store, and shows the same page', async () => {
    const { c, page } = await atFirstDecision('aide-exceptionnelle');
    const posted = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page) });
    expect(posted.status).toBe(303);
    let html = '';
    const other = await rounds(async () => {
      html = (await request(h.app).get(c.path).set('Accept-Language', 'fr')).text;
    });
    expect(other).toEqual([['participants.findOne']]);
    let own = page;
    const get = await rounds(async () => {
      own = await c.current();
    });
    expect(get).toEqual([]);
    expect(withoutStamps(html)).toBe(withoutStamps(own.html));
  });
});

