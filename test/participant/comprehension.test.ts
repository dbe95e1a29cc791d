/**
 * The comprehension check of signaux-faibles (2 questions, 2 attempts): a right answer moves on to the practice; a
 * wrong one shows the instructions again with the tries left; a second wrong one screens the participant out with
 * the recruitment's screen-out code. Outcomes are stored, counted by the monitoring and by the analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeComprehension } from '../../analysis/input/store-comprehension.ts';
import { monitor } from '../../server/researcher/monitoring/monitor.ts';
import { Client, SECRET, snapshot, startHarness, type Harness, type Page } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles']);
});
afterAll(async () => {
  await h?.close();
});

const RIGHT = { q_order: 'after', q_reliable: 'sometimes_wrong' };
const WRONG = { q_order: 'before', q_reliable: 'sometimes_wrong' };

/** Joins, consents, answers the questionnaire and the instructions: at the comprehension check. */
async function atCheck(lang: 'fr' | 'en'): Promise<{ c: Client; page: Page }> {
  const c = new Client(h, lang === 'en' ? 'en-GB' : 'fr-FR');
  let page = await c.join('signaux-faibles');
  page = await c.answer(page, { choice: 'accept' });
  page = await c.answer(page, Object.fromEntries(Object.entries(page.radios).map(([k, v]) => [k, v[0]])));
  expect(page.at).toBe('instructions:0');
  page = await c.answer(page, {});
  expect(page.at).toBe('instructions:1');
  return { c, page };
}

/** Answers right: on to the practice, stored as passed after `wrongBefore` wrong attempts. */
async function expectPassed(c: Client, page: Page, wrongBefore: number): Promise<void> {
  expect((await c.answer(page, RIGHT)).at).toBe('practice:0');
  expect((await snapshot(h.store, 'signaux-faibles', c.participantId)).participant?.comprehension).toEqual({ attempts: wrongBefore, passed: true });
}

describe('comprehension check', () => {
  it.each(['fr', 'en'] as const)('(%s) right answers move on to the practice, stored as passed at the first try', async (lang) => {
    const { c, page } = await atCheck(lang);
    expect(page.radios.q_order).toEqual(['before', 'after', 'never']);
    await expectPassed(c, page, 0);
  });

  it('one wrong answer: the instructions again and the tries left, then a right answer passes after a retry', async () => {
    const { c, page } = await atCheck('en');
    const retry = await c.answer(page, WRONG);
    expect(retry.at).toBe('instructions:1');
    expect(retry.html).toContain('Some answers are not right. Read the instructions again, then answer again: this is your last try.');
    expect(retry.html).toContain('You work in a regional unit that supports firms.');
    // The page never says which answer was wrong, nor which is right.
    expect(retry.html).not.toMatch(/checked|correct/);
    await expectPassed(c, retry, 1);
  });

  it('two wrong answers screen the participant out, with the screen-out code and the way back to Prolific', async () => {
    const { c, page } = await atCheck('en');
    const retry = await c.answer(page, WRONG);
    const res = await c.post(c.path, { ...retry.hidden, ...WRONG });
    expect(res.status).toBe(303);
    const end = await c.current();
    expect(end.at).toBeNull();
    expect(end.html).toContain('<strong>SF-SCREENED</strong>');
    expect(end.html).toContain('href="https://app.prolific.com/submissions/complete?cc=SF-SCREENED"');
    const s = await snapshot(h.store, 'signaux-faibles', c.participantId);
    expect(s.participant?.status).toBe('screened_out');
    expect(s.participant?.comprehension).toEqual({ attempts: 2, passed: false });
    expect(s.events.filter((e) => e.participantId === c.participantId).map((e) => e.type)).toEqual(
      expect.arrayContaining(['comprehension_failed', 'comprehension_screened_out']),
    );
    expect(s.trials).toEqual([]);
  });

  it('is counted per condition by the monitoring and by the analysis', async () => {
    const doc = (await h.store.getExperiment('signaux-faibles'))!;
    const byCondition = await storeComprehension(h.store, doc);
    const total = (k: 'took' | 'passed_first_try' | 'passed_after_retry' | 'screened_out' | 'wrong_attempts') => byCondition!.reduce((s, c) => s + c[k], 0);
    // The four tests above: two passed at the first try, one after a retry, one screened out (2 + 1 wrong attempts).
    expect([total('took'), total('passed_first_try'), total('passed_after_retry'), total('screened_out'), total('wrong_attempts')]).toEqual([4, 2, 1, 1, 3]);
    const view = await monitor({ config: {} as never, store: h.store, registry: h.registry, secret: SECRET }, doc, h.clock.now);
    expect(view.comprehension).toEqual({ passedFirstTry: 2, passedLater: 1, failedAttempts: 3, screenedOut: 1 });
    expect(view.totals.screenedOut).toBe(1);
  });
});
