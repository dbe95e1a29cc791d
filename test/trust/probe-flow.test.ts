/**
 * The in-task trust probe in the participant flow, by plain form posts: which pages ask it, what is stored with the
 * decision, what a forged or missing rating gets (400, nothing stored), repeats, the export's columns, and the
 * first-error positions of a within-subjects study. Studies: test/trust/probe-studies.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, snapshot, startHarness, walkToEnd, type Harness, type Page } from '../participant/harness.ts';
import { probeStudies, type ProbeStudies } from './probe-studies.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import type { ExperimentDoc } from '../../server/store/index.ts';

let studies: ProbeStudies;
let h: Harness;
beforeAll(async () => {
  studies = await probeStudies(['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle']);
  h = await startHarness(['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle'], { dir: studies.dir });
});
afterAll(async () => {
  await h?.close();
  await studies?.remove();
});

/** Answers pages until `stop(page)` holds; returns that page (not answered). */
async function advanceUntil(c: Client, page: Page, stop: (p: Page) => boolean): Promise<Page> {
  for (let guard = 0; !stop(page); guard++) {
    if (guard > 300 || page.at === null) throw new Error(`never reached the page (at ${page.at})`);
    h.clock.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return page;
}

async function lines(id: string): Promise<string[]> {
  const doc = (await h.store.getExperiment(id)) as ExperimentDoc;
  const out: string[] = [];
  for await (const line of trialCsvLines(h.store, doc)) out.push(line.trimEnd());
  return out;
}

describe('signaux-faibles with a procedure-level probe (binary, two-stage, between)', () => {
  it('asks trust and self-confidence on the final page of every 5th decision trial and stores them with the decision', async () => {
    const c = new Client(h);
    const probed: string[] = [];
    await walkToEnd(c, await c.join('signaux-faibles'), (page) => {
      if ('trust_rating' in page.radios) {
        probed.push(page.at!);
        expect(page.radios.trust_rating).toEqual(['1', '2', '3', '4', '5', '6', '7']);
        expect(page.radios.self_confidence_rating).toEqual(['1', '2', '3', '4', '5', '6', '7']);
        expect(page.html).toContain('Dans quelle mesure faites-vous confiance aux recommandations de l&#39;IA à présent ?');
      }
    });
    expect(probed).toHaveLength(4);
    const s = await snapshot(h.store, 'signaux-faibles', c.participantId);
    const decisions = s.trials.filter((t) => !t.practice && !t.attentionCheck && t.phase === 'final').sort((a, b) => a.trialIndex - b.trialIndex);
    // At decision positions 5, 10, 15, 20 (trial_index counts the attention check too); the middle of 7 points: 4.
    expect(decisions.flatMap((t, i) => (t.trustRating !== undefined ? [[i + 1, t.trustRating, t.selfConfidenceRating]] : []))).toEqual(
      [5, 10, 15, 20].map((i) => [i, 4, 4]),
    );
    expect(s.trials.filter((t) => t.trustRating !== undefined).every((t) => t.phase === 'final' && !t.practice)).toBe(true);
    expect(s.trials.filter((t) => t.selfConfidenceRating !== undefined)).toHaveLength(4);
  });

  it('refuses a forged rating outside the scale, or a missing one, with a 400 page and stores nothing', async () => {
    const c = new Client(h);
    const page = await advanceUntil(c, await c.join('signaux-faibles'), (p) => 'trust_rating' in p.radios);
    const before = await snapshot(h.store, 'signaux-faibles', c.participantId);
    const answers = defaultAnswers(page);
    const forgeries: Record<string, string>[] = [{ trust_rating: '8' }, { trust_rating: '0' }, { self_confidence_rating: '4.5' }, { trust_rating: '$gt' }];
    for (const forged of forgeries) {
      const res = await c.post(c.path, { ...page.hidden, ...answers, ...forged });
      expect(res.status).toBe(400);
    }
    const { trust_rating: _, ...missing } = answers;
    const res = await c.post(c.path, { ...page.hidden, ...missing });
    expect(res.status).toBe(400);
    expect(res.html).toContain('Confiance dans l');
    // Opening the link again shows the same decision page with its probe (nothing of the refused answers kept).
    const again = await c.current();
    expect([again.at, 'trust_rating' in again.radios]).toEqual([page.at, true]);
    const after = await snapshot(h.store, 'signaux-faibles', c.participantId);
    expect(after.trials).toHaveLength(before.trials.length);
    expect(after.participant?.stepIndex).toBe(before.participant?.stepIndex);
    // The valid answer is stored; the same again is a no-op, a different rating a conflict.
    const next = await c.answer(page, answers);
    expect(next.at).not.toBe(page.at);
    expect((await c.post(c.path, { ...page.hidden, ...answers })).status).toBe(303);
    expect((await c.post(c.path, { ...page.hidden, ...answers, trust_rating: '1' })).status).toBe(409);
    const stored = (await snapshot(h.store, 'signaux-faibles', c.participantId)).trials.filter((t) => t.trustRating !== undefined);
    expect(stored.map((t) => t.trustRating)).toEqual([4]);
  });

  it('shows the English wording in English and exports trust_rating and self_confidence_rating as the last columns', async () => {
    const c = new Client(h, 'en-GB,en;q=0.9');
    const page = await advanceUntil(c, await c.join('signaux-faibles'), (p) => 'trust_rating' in p.radios);
    expect(page.html).toContain('How much do you trust the AI&#39;s recommendations now?');
    expect(page.html).toContain('How confident are you in your own decisions now?');
    const csv = await lines('signaux-faibles');
    const header = csv[0].split(',');
    expect(header.slice(-2)).toEqual(['trust_rating', 'self_confidence_rating']);
    const rows = csv.slice(1).map((l) => l.split(','));
    // Each participant's rated rows are their 5th, 10th, 15th and 20th decision rows (as far as they got).
    const byParticipant = new Map<string, string[][]>();
    for (const r of rows) byParticipant.set(r[0], [...(byParticipant.get(r[0]) ?? []), r]);
    let rated = 0;
    for (const own of byParticipant.values()) {
      own.sort((a, b) => Number(a[header.indexOf('trial_index')]) - Number(b[header.indexOf('trial_index')]));
      own.forEach((r, i) => {
        expect(r.at(-2) !== '').toBe((i + 1) % 5 === 0);
        if (r.at(-2) !== '') rated++;
      });
    }
    expect(rated).toBeGreaterThanOrEqual(4);
  });
});

describe('risque-inondation with a probe and first_error_at per condition (numeric, two-stage, within)', () => {
  it('puts the first wrong advice of each block at its position and asks the 5-point probe at block positions 4 and 8', async () => {
    const c = new Client(h);
    await walkToEnd(c, await c.join('risque-inondation'));
    const s = await snapshot(h.store, 'risque-inondation', c.participantId);
    const finals = s.trials.filter((t) => !t.practice && t.phase === 'final' && !t.attentionCheck).sort((a, b) => a.trialIndex - b.trialIndex);
    expect(finals).toHaveLength(16);
    for (const block of [finals.slice(0, 8), finals.slice(8)]) {
      const firstWrong = block.findIndex((t) => t.advice?.correct === false) + 1;
      expect(firstWrong).toBe(block[0].condition === 'none' ? 3 : 5);
      expect(block.filter((t) => t.advice?.correct === false)).toHaveLength(2);
      expect(block.map((t) => t.trustRating ?? null)).toEqual([null, null, null, 3, null, null, null, 3]);
    }
  });
});

describe('aide-exceptionnelle with the probe as a factor-level setting (categorical, one-stage, factorial)', () => {
  it('asks the probe in the conditions whose level sets one, with its own wording, and none where the level says false', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const c = new Client(h, 'en-GB,en;q=0.9');
      let custom = 0;
      await walkToEnd(c, await c.join('aide-exceptionnelle'), (page) => {
        if ('trust_rating' in page.radios && page.html.includes('Trust in the tool?')) custom++;
      });
      const s = await snapshot(h.store, 'aide-exceptionnelle', c.participantId);
      const explanation = s.participant!.condition.split('+')[0];
      // Decision positions (attention checks are not decision trials): every 3rd of the 15.
      const decisions = s.trials.filter((t) => !t.practice && !t.attentionCheck).sort((a, b) => a.trialIndex - b.trialIndex);
      const rated = decisions.flatMap((t, i) => (t.trustRating !== undefined ? [i + 1] : []));
      seen.set(explanation, rated.length);
      expect(decisions).toHaveLength(15);
      expect(rated).toEqual(explanation === 'similar_cases' ? [] : [3, 6, 9, 12, 15]);
      expect(custom).toBe(explanation === 'none' ? 5 : 0);
    }
    expect([...seen.keys()].sort()).toEqual(['none', 'rationale', 'similar_cases']);
  });
});
