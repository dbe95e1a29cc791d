/**
 * Cognitive forcing and outcome feedback on decision trials, over HTTP on the three task types and both paradigms
 * (fixture variants of the bundled studies, test/participant/forcing-variants.ts): advice on request (the server
 * stores the request; a forged field cannot claim one), delayed advice (a decision before the wait is refused and
 * nothing is stored; after it, the same decision is taken), and trial / block feedback pages after decisions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED, writeVariant } from './forcing-variants.ts';
import { Client, defaultAnswers, snapshot, startHarness, type Harness, type Page } from './harness.ts';

type Task = keyof typeof BUNDLED;
const TASKS = Object.keys(BUNDLED) as Task[];

let dir: string;
let h: Harness;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-forcing-'));
  const ids: string[] = [];
  for (const task of TASKS) {
    const within = task === 'numeric';
    // Within-subjects needs two conditions: the second one sees its advice at once.
    const other = within ? { immediate: { advice_timing: { mode: 'immediate' } } } : {};
    ids.push(await writeVariant(dir, BUNDLED[task], `request-${task}`, { forcing: { levels: { on_request: { advice_timing: { mode: 'on_request' }, outcome_feedback: { type: 'trial' } }, ...other } } }));
    ids.push(await writeVariant(dir, BUNDLED[task], `delay-${task}`, { forcing: { levels: { delayed: { advice_timing: { mode: 'delayed', delay_s: 30 }, outcome_feedback: { type: 'block', every: 3 } }, ...other } } }));
  }
  h = await startHarness(ids, { dir });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Walks from the consent to the first decision page whose advice is on request or delayed (two-stage: the second
 * stage; within-subjects: maybe in the second block).
 */
async function toFirstAdvicePage(c: Client, study: string): Promise<Page> {
  let page = await c.join(study);
  for (let guard = 0; guard < 80; guard++) {
    if (/name="request_advice"|data-advice-wait/.test(page.html)) return page;
    h.clock.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  throw new Error(`no advice page in ${study}`);
}

/** The "show the advice" link of a waiting page. */
const showLink = (page: Page) => /href="([^"]*since=[^"#]*)/.exec(page.html)![1].replace(/&amp;/g, '&');

const storedFinal = async (c: Client, study: string) => (await snapshot(h.store, study, c.participantId)).trials.filter((t) => !t.practice && t.phase === 'final');

describe('advice on request', () => {
  it.each(TASKS)('(%s) the advice is hidden behind a button; asking stores the request and shows it; the decision records it', async (task) => {
    const study = `request-${task}`;
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    expect(page.html).toContain('name="request_advice" value="1"');
    expect(page.html).not.toMatch(/class="recommendation"/);
    h.clock.advance(2500);
    const res = await c.post(c.path, { ...page.hidden, request_advice: '1' });
    expect(res.status).toBe(303);
    const shown = await c.current();
    expect(shown.at).toBe(page.at);
    expect(shown.html).toMatch(/class="recommendation"/);
    expect(shown.html).not.toContain('name="request_advice"');
    h.clock.advance(1500);
    await c.answer(shown, defaultAnswers(shown));
    const first = (await storedFinal(c, study)).at(-1)!;
    expect(first.adviceRequested).toBe(true);
    expect(first.adviceRequestMs).toBe(2500);
    // The response time still counts from the page first served, not from the page shown again with the advice.
    expect(first.serverRtMs).toBe(4000);
    expect(first.feedbackAfter).toBe('trial');
  });

  it.each(TASKS)('(%s) a decision without asking is taken and stored as not requested', async (task) => {
    const study = `request-${task}`;
    const c = new Client(h, 'fr-FR');
    const page = await toFirstAdvicePage(c, study);
    h.clock.advance(3000);
    await c.answer(page, defaultAnswers(page));
    const first = (await storedFinal(c, study)).at(-1)!;
    expect(first.adviceRequested).toBe(false);
    expect(first.adviceRequestMs).toBeUndefined();
  });

  it('a forged adviceRequested field is refused (400) and stores nothing; only the server-stored request counts', async () => {
    const study = 'request-binary';
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    const forgeries: Record<string, string>[] = [{ advice_requested: '1' }, { adviceRequested: 'true' }, { request_advice: '1', decision: page.radios.decision[0] }];
    for (const forged of forgeries) {
      const res = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page), ...forged });
      expect(res.status).toBe(400);
    }
    expect(await storedFinal(c, study)).toEqual([]);
    expect((await snapshot(h.store, study, c.participantId)).participant?.adviceRequest).toBeUndefined();
    await c.answer(page, defaultAnswers(page));
    expect((await storedFinal(c, study))[0].adviceRequested).toBe(false);
  });

  it('a request sent again from a page already answered (back button) changes nothing and leads to the current page', async () => {
    const study = 'request-binary';
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    await c.answer(page, defaultAnswers(page));
    const before = await snapshot(h.store, study, c.participantId);
    const again = await c.post(c.path, { ...page.hidden, request_advice: '1' });
    expect([again.status, again.location]).toEqual([303, c.path]);
    const after = await snapshot(h.store, study, c.participantId);
    expect(after.participant?.adviceRequest).toEqual(before.participant?.adviceRequest);
    expect(after.trials).toEqual(before.trials);
  });

  it('a second request keeps the time of the first; a request on a page without advice on request is refused', async () => {
    const study = 'request-categorical';
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    h.clock.advance(1000);
    await c.post(c.path, { ...page.hidden, request_advice: '1' });
    h.clock.advance(5000);
    await c.post(c.path, { ...page.hidden, request_advice: '1' });
    expect((await snapshot(h.store, study, c.participantId)).participant?.adviceRequest).toMatchObject({ at: page.at, ms: 1000 });
    const other = new Client(h, 'en-GB');
    const delayed = await toFirstAdvicePage(other, 'delay-categorical');
    const refused = await other.post(other.path, { ...delayed.hidden, request_advice: '1' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("This dossier does not offer the AI&#39;s recommendation on request.");
  });
});

describe('delayed advice', () => {
  it.each(TASKS)('(%s) the page waits, a decision before the delay is refused with nothing stored, after it is taken', async (task) => {
    const study = `delay-${task}`;
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    expect(page.html).toContain('data-advice-wait="30"');
    expect(page.html).toContain('aria-live="polite"');
    expect(page.html).not.toMatch(/class="recommendation"/);
    // The decision form is there to read, disabled until the advice is shown.
    expect(page.html).toContain('<fieldset disabled class="waiting"');
    const since = showLink(page);
    // A forged early decision (the form the page does not show yet, with the page's own stamp).
    const answer = { decision: FIRST_ANSWER[task], ...(ASKS_CONFIDENCE[task] ? { certainty: '4' } : {}) };
    h.clock.advance(29_000);
    const early = await c.post(c.path, { ...page.hidden, ...answer });
    expect(early.status).toBe(409);
    expect(early.html).toContain("Please wait for the AI&#39;s recommendation");
    const before = (await storedFinal(c, study)).length;
    expect((await storedFinal(c, study)).filter((t) => t.condition === 'delayed')).toEqual([]);
    // Coming back by the "show" link before the end of the wait: still waiting, 1 second left.
    expect((await c.get(since)).html).toContain('data-advice-wait="1"');
    h.clock.advance(1000);
    const shown = await c.get(since);
    expect(shown.html).toMatch(/class="recommendation"/);
    expect(shown.html).not.toContain('<fieldset disabled');
    await c.answer(shown, answer);
    expect((await storedFinal(c, study)).length).toBe(before + 1);
    const first = (await storedFinal(c, study)).at(-1)!;
    expect(first.adviceDelayS).toBe(30);
    expect(first.serverRtMs).toBe(30_000);
  });

  it('in French, the refusal is in French', async () => {
    const c = new Client(h, 'fr-FR');
    const page = await toFirstAdvicePage(c, 'delay-binary');
    const early = await c.post(c.path, { ...page.hidden, decision: 'contacter', certainty: '4' });
    expect(early.status).toBe(409);
    expect(early.html).toContain('Attendez la recommandation de l&#39;IA');
  });
});

/** An answer each task accepts, and whether its study asks how sure the participant is. */
const FIRST_ANSWER: Record<Task, string> = { binary: 'contacter', categorical: 'accorder', numeric: '1000' };
const ASKS_CONFIDENCE: Record<Task, boolean> = { binary: true, categorical: false, numeric: true };

describe('outcome feedback on decision trials', () => {
  it.each(TASKS)('(%s) trial feedback follows each decision with the right answer and the AI verdict', async (task) => {
    const study = `request-${task}`;
    const c = new Client(h, 'en-GB');
    const page = await toFirstAdvicePage(c, study);
    const next = await c.answer(page, defaultAnswers(page));
    expect(next.html).toContain(': the right answer</h1>');
    expect(next.html).toMatch(/The AI was (right|wrong)\./);
    expect(next.html).toContain('The expected answer:');
  });

  it.each(TASKS)('(%s) block feedback after every 3 decision trials: your accuracy and the AI\'s', async (task) => {
    const study = `delay-${task}`;
    const c = new Client(h, 'en-GB');
    let page = await c.join(study);
    let summary: Page | null = null;
    for (let guard = 0; guard < 80 && summary === null; guard++) {
      h.clock.advance(31_000);
      page = page.html.includes('data-advice-wait') ? await c.get(showLink(page)) : await c.answer(page, defaultAnswers(page));
      if (page.html.includes('class="block-summary"')) summary = page;
    }
    expect(summary!.html).toMatch(/Your results for dossiers \d+ to \d+/);
    const finals = await storedFinal(c, study);
    const decisions = finals.filter((t) => !t.attentionCheck && t.condition === 'delayed');
    expect(decisions.length).toBe(3);
    expect(decisions.map((t) => t.feedbackAfter)).toEqual([undefined, undefined, 'block']);
    const right = decisions.filter((t) => (typeof t.truth === 'number' ? Math.abs(Number(t.decision) - t.truth) <= 50 : t.decision === t.truth)).length;
    const ai = decisions.filter((t) => t.advice?.correct).length;
    expect(summary!.html).toContain(`Your decisions: ${right} right out of 3`);
    expect(summary!.html).toContain(`recommendations: ${ai} right out of 3`);
  });
});
