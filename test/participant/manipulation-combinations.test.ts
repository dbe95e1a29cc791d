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
  await writeVariant(dir, STUDY, 'probe-last-word', { power: { levels: { ia: { last_word: 'ai', justify_overrides: { min_chars: 40 } } } } }, {
    trust_probe: { every: 1, self_confidence: true },
  });
  h = await startHarness(['probe-last-word'], { dir });
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
