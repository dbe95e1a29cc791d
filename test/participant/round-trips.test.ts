/**
 * Store operations per decision submission (issue #15, item 4), counted on the narrow Collection interface that both
 * drivers implement (test/store/wrapped-database.ts), so the count is that of MongoDB: there each Collection call is
 * one round trip to the server (a find streams a participant's few records in one batch).
 *
 * What is counted: the *sequential* store operations of one request, i.e. rounds. An operation that starts while
 * another operation of the same request is still in flight runs concurrently with it (Promise.all) and adds no round:
 * its round trip overlaps the other. Operations of the decision POST are counted from the request to its 303; those of
 * the GET of the redirect target from its request to its page.
 *
 * Asserted for every decision page of the three bundled studies (one-stage categorical, two-stage binary, two-stage
 * numeric): the POST makes exactly three rounds, one operation each (read the participant, insert the trial, move
 * the step with its compare-and-set, which also stores the last activity and the language); the GET of the next page
 * one round (read the participant; the plan is read at the same time, or not at all once cached), plus one on the
 * final phase of a two-stage trial, whose page recalls the stored initial decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationCall } from '../store/wrapped-database.ts';
import { Client, defaultAnswers, startHarness, type Harness, type Page } from './harness.ts';

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

const STUDIES = ['aide-exceptionnelle', 'signaux-faibles', 'risque-inondation'];
let h: Harness;
beforeAll(async () => {
  h = await startHarness(STUDIES, { hooks });
});
afterAll(async () => {
  await h?.close();
});

const isDecision = (p: Page) => p.at !== null && p.at.startsWith('trials:') && ('decision' in p.radios || p.numberInput !== null);

describe.each(STUDIES)('store round trips per decision submission (%s)', (study) => {
  it('a decision POST makes 3 sequential store operations; the GET of the next page 1 (2 on a final phase)', async () => {
    const c = new Client(h);
    let page = await c.join(study);
    const measured: { at: string; post: string[][]; get: string[][]; recallsInitial: boolean }[] = [];
    for (let guard = 0; page.at !== null && guard < 500; guard++) {
      h.clock.advance(4000);
      if (!isDecision(page)) {
        page = await c.answer(page, defaultAnswers(page));
        continue;
      }
      const at = page.at;
      const form = { ...page.hidden, ...defaultAnswers(page) };
      let status = 0;
      const post = await rounds(async () => {
        status = (await c.post(c.path, form)).status;
      });
      expect(status).toBe(303);
      let next = page;
      const get = await rounds(async () => {
        next = await c.current();
      });
      measured.push({ at, post, get, recallsInitial: next.html.includes('class="recall"') });
      page = next;
    }
    expect(page.html).toMatch(/debrief|Merci|merci/);
    expect(measured.length).toBeGreaterThanOrEqual(10);
    // Two-stage studies: about every other next page is a final phase recalling the initial decision; one-stage: none.
    const recalls = measured.filter((m) => m.recallsInitial).length;
    if (study === 'aide-exceptionnelle') expect(recalls).toBe(0);
    else expect(recalls).toBe(Math.floor(measured.length / 2));
    for (const { at, post, get, recallsInitial } of measured) {
      expect(post, at).toEqual([['participants.findOne'], ['trials.insertOne'], ['participants.updateOne']]);
      expect(get, at).toEqual(recallsInitial ? [['participants.findOne'], ['trials.find']] : [['participants.findOne']]);
    }
  });
});
