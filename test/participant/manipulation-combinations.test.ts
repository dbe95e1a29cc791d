/**
 * The #14 manipulations crossed with each other, where one feature's page or form meets another's: the in-task trust
 * probe on the page where the AI has the last word, and carried through the justification page of an override; and
 * the combination that cannot be honoured (advice on request or delayed where the AI's proposal is the decision to be
 * applied), refused by validation with its line and field.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { UserError } from '../../experiments/user-error.ts';
import { Client, defaultAnswers, readPage, snapshot, startHarness, type Harness, type Page } from './harness.ts';
import { writeVariant } from './forcing-variants.ts';

const STUDY = 'controle-sanitaire';
const LABELS = ['prioritaire', 'non_prioritaire'];
const other = (value: string) => LABELS.find((l) => l !== value)!;
const JUSTIFIED = 'Quatre plaintes en un an et un contrôle ancien : à inspecter en priorité.';

let dir: string;
let h: Harness;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-combinations-'));
  await writeVariant(dir, STUDY, 'request-justify', { power: { levels: { asked: { justify_overrides: { min_chars: 40 }, advice_timing: { mode: 'on_request' } } } } });
  await writeVariant(dir, STUDY, 'probe-last-word', { power: { levels: { ia: { last_word: 'ai', justify_overrides: { min_chars: 40 } } } } }, {
    trust_probe: { every: 1, self_confidence: true },
  });
  h = await startHarness(['probe-last-word', 'request-justify'], { dir });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Walks to the first decision page that carries the trust probe (practice pages never do). */
async function firstProbePage(c: Client): Promise<Page> {
  let page = await c.current();
  for (let guard = 0; guard < 50 && !('trust_rating' in page.radios); guard++) page = await c.answer(page, defaultAnswers(page));
  return page;
}

/** The advice shown: the proposal the page says will be applied. */
function proposal(page: Page): string {
  const text = /<section aria-labelledby="applied-title"[\s\S]*?<strong>([^<]*)<\/strong>/.exec(page.html)![1];
  return /Pas de priorité|No priority/.test(text) ? 'non_prioritaire' : 'prioritaire';
}

describe('trust probe x the AI has the last word x justified overrides', () => {
  it('asks the probe on the last-word page, and a justified override stores the ratings with the justification', async () => {
    const c = new Client(h);
    await c.join('probe-last-word');
    const page = await firstProbePage(c);
    expect(page.html).toContain('name="action" value="apply"');
    expect(page.radios.trust_rating).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(page.radios.self_confidence_rating).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const advice = proposal(page);
    const before = (await snapshot(h.store, 'probe-last-word', c.participantId)).trials.length;

    // Without the probe's answers, the override is refused and nothing is stored.
    const missing = await c.post(c.path, { ...page.hidden, action: 'override', decision: other(advice) });
    expect(missing.status).toBe(400);
    expect((await snapshot(h.store, 'probe-last-word', c.participantId)).trials.length).toBe(before);

    const asked = await c.post(c.path, { ...page.hidden, action: 'override', decision: other(advice), trust_rating: '2', self_confidence_rating: '6' });
    expect(asked.status).toBe(200);
    const justification = readPage(200, asked.html);
    expect(justification.hidden.trust_rating).toBe('2');
    expect(justification.hidden.self_confidence_rating).toBe('6');
    const done = await c.post(c.path, { ...justification.hidden, justification: JUSTIFIED });
    expect(done.status).toBe(303);

    const trials = (await snapshot(h.store, 'probe-last-word', c.participantId)).trials;
    const t = trials[trials.length - 1];
    expect([t.decision, t.lastWord, t.overridden, t.justification, t.trustRating, t.selfConfidenceRating]).toEqual([
      other(advice),
      'ai',
      true,
      JUSTIFIED,
      2,
      6,
    ]);
  });
});

describe('advice on request x justified overrides', () => {
  it('asks no justification for a decision taken without the advice, and asks one for an override of advice requested', async () => {
    const c = new Client(h);
    let page = await c.join('request-justify');
    for (let guard = 0; guard < 50 && !page.html.includes('name="request_advice"'); guard++) page = await c.answer(page, defaultAnswers(page));
    expect(page.html).not.toMatch(/class="recommendation"/);
    const stored = async () => (await snapshot(h.store, 'request-justify', c.participantId)).trials.filter((t) => !t.practice);

    // Not requested: the participant never saw the advice, so no decision overrides it and none is justified.
    const unseen = await c.post(c.path, { ...page.hidden, decision: LABELS[0] });
    expect(unseen.status).toBe(303);
    const [first] = await stored();
    expect([first.decision, first.adviceRequested, first.overridden, first.justification]).toEqual([LABELS[0], false, undefined, undefined]);

    page = await c.current();
    expect(page.html).toContain('name="request_advice"');
    expect((await c.post(c.path, { ...page.hidden, request_advice: '1' })).status).toBe(303);
    const shown = await c.current();
    const advice = /<p class="recommendation">[\s\S]*?<strong>([^<]*)<\/strong>/.exec(shown.html)![1];
    const adviceValue = /Pas de priorité|No priority/.test(advice) ? 'non_prioritaire' : 'prioritaire';
    const asked = await c.post(c.path, { ...shown.hidden, decision: other(adviceValue) });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('<textarea id="justification" name="justification"');
    const done = await c.post(c.path, { ...readPage(200, asked.html).hidden, justification: JUSTIFIED });
    expect(done.status).toBe(303);
    const second = (await stored()).at(-1)!;
    expect([second.decision, second.adviceRequested, second.overridden, second.justification]).toEqual([other(adviceValue), true, true, JUSTIFIED]);
  });
});

describe('validation of combinations that cannot be honoured', () => {
  it.each(['on_request', 'delayed'])('refuses advice_timing %s with last_word ai, naming the level', async (mode) => {
    const tmp = await mkdtemp(join(tmpdir(), 'confiance-combination-invalid-'));
    try {
      const timing = mode === 'delayed' ? { mode, delay_s: 5 } : { mode };
      await writeVariant(tmp, STUDY, 'bad', { power: { levels: { ia: { last_word: 'ai', advice_timing: timing } } } });
      const error = await loadExperiment(join(tmp, 'bad', 'experiment.yaml')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      const text = (error as UserError).format();
      expect(text).toContain('factors.power.levels.ia.advice_timing');
      expect(text).toContain(`advice_timing ${mode} cannot be combined with last_word: ai`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
