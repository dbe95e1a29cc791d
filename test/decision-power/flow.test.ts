/**
 * Decision power on the participant pages (controle-sanitaire, binary, one-stage, 2 x 2): who has the last word and
 * the justification of overrides. What is stored is decided by the server from the advice it showed; every forged
 * combination is refused with a 400 page naming the field, and nothing is stored until the answer is valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, readPage, snapshot, startHarness, type Harness, type Page } from '../participant/harness.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { jsonLines } from '../../server/researcher/export/json-lines.ts';

const STUDY = 'controle-sanitaire';
const LABELS = ['prioritaire', 'non_prioritaire'];
let h: Harness;
beforeAll(async () => {
  h = await startHarness([STUDY]);
});
afterAll(async () => {
  await h?.close();
});

/**
 * Participants joined up front (the balanced assignment gives each condition its share; joins from one address are
 * limited to 30 per 10 minutes), taken one per test and walked to their first decision page (a practice dossier).
 */
const pool = new Map<string, Client[]>();
async function atFirstDecision(condition: string): Promise<{ c: Client; page: Page; advice: string }> {
  if (pool.size === 0) {
    for (let i = 0; i < 20; i++) {
      const c = new Client(h);
      await c.join(STUDY);
      const joined = (await h.store.getParticipant(c.participantId))!.condition;
      pool.set(joined, [...(pool.get(joined) ?? []), c]);
    }
  }
  const c = pool.get(condition)?.shift();
  if (!c) throw new Error(`no participant left in ${condition}`);
  let page = await c.current();
  while (!('served' in page.hidden)) page = await c.answer(page, defaultAnswers(page));
  return { c, page, advice: adviceOnPage(page) };
}

/** The advice shown, read from the page as a participant reads it (the option whose text the recommendation shows). */
function adviceOnPage(page: Page): string {
  const text = /<section aria-labelledby="advice-title"[\s\S]*?<p class="recommendation">[\s\S]*?<strong>([^<]*)<\/strong>/.exec(page.html)![1];
  return /Pas de priorité|No priority/.test(text) ? 'non_prioritaire' : 'prioritaire';
}

const other = (value: string) => LABELS.find((l) => l !== value)!;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const trialsOf = async (c: Client) => (await snapshot(h.store, STUDY, c.participantId)).trials;

describe('the AI has the last word (ia+libre)', () => {
  it('shows the proposal as the decision that will be applied; "apply" stores the advice as the decision, not overridden', async () => {
    const { c, page, advice } = await atFirstDecision('ia+libre');
    expect(textOf(page.html)).toMatch(/La décision qui sera appliquée|The decision that will be applied/);
    expect(page.html).toMatch(/<button type="submit" name="action" value="apply">(Appliquer la proposition|Apply the proposal)<\/button>/);
    expect(page.html).toContain('name="action" value="override"');
    expect(page.radios.decision).toEqual([other(advice)]);
    h.clock.advance(7000);
    await c.answer(page, { action: 'apply' });
    const [t] = await trialsOf(c);
    expect([t.decision, t.lastWord, t.overridden, t.serverRtMs, t.justification]).toEqual([advice, 'ai', false, 7000, undefined]);
  });

  it('"override" with the other answer stores that answer, overridden', async () => {
    const { c, page, advice } = await atFirstDecision('ia+libre');
    await c.answer(page, { action: 'override', decision: other(advice) });
    const [t] = await trialsOf(c);
    expect([t.decision, t.lastWord, t.overridden]).toEqual([other(advice), 'ai', true]);
  });

  it('refuses every forged combination with a 400 naming the field, and stores nothing', async () => {
    const { c, page, advice } = await atFirstDecision('ia+libre');
    const forged: [Record<string, string>, string][] = [
      [{ action: 'apply', decision: other(advice) }, 'appliquer la proposition garde sa réponse'],
      [{ action: 'override', decision: advice }, 'déroger demande une autre réponse'],
      [{ action: 'override' }, 'choisissez la réponse qui remplace la proposition'],
      [{ decision: other(advice) }, 'choisissez d’appliquer la proposition ou d’y déroger'],
      [{ action: 'delegate' }, 'choisissez d’appliquer la proposition ou d’y déroger'],
    ];
    for (const [fields, message] of forged) {
      const res = await c.post(c.path, { ...page.hidden, ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(textOf(res.html)).toContain(message);
      expect(textOf(res.html)).toMatch(/Décision|Decision/);
    }
    expect(await trialsOf(c)).toEqual([]);
    expect((await c.current()).at).toBe(page.at);
  });
});

describe('the agent has the last word (agent+libre)', () => {
  it('keeps the ordinary decision page; an "action" or a "justification" field is refused and nothing stored', async () => {
    const { c, page, advice } = await atFirstDecision('agent+libre');
    expect(page.radios.decision).toEqual(LABELS);
    expect(page.html).not.toContain('name="action"');
    expect(page.html).not.toContain('justify-note');
    for (const extra of [{ action: 'apply' }, { justification: 'Une justification que personne ne demande ici.' }] as Record<string, string>[]) {
      const res = await c.post(c.path, { ...page.hidden, decision: other(advice), ...extra });
      expect(res.status).toBe(400);
      expect(textOf(res.html)).toContain('champs inattendus');
    }
    expect(await trialsOf(c)).toEqual([]);
    await c.answer(page, { decision: other(advice) });
    const [t] = await trialsOf(c);
    expect([t.decision, t.lastWord, t.overridden, t.justifyMinChars]).toEqual([other(advice), 'agent', true, undefined]);
  });
});

describe('overrides must be justified (agent+justifiee, ia+justifiee)', () => {
  it('says so on the decision page; following the advice needs no justification', async () => {
    const { c, page, advice } = await atFirstDecision('agent+justifiee');
    expect(textOf(page.html)).toContain('vous devrez la justifier en une phrase (au moins 40 caractères)');
    await c.answer(page, { decision: advice });
    const [t] = await trialsOf(c);
    expect([t.decision, t.overridden, t.justifyMinChars, t.justification]).toEqual([advice, false, 40, undefined]);
  });

  it('an override shows the justification page and stores nothing; too short is refused (400) naming the field; then stored with its length and time', async () => {
    const { c, page, advice } = await atFirstDecision('agent+justifiee');
    h.clock.advance(9000);
    const first = await c.post(c.path, { ...page.hidden, decision: other(advice) });
    expect(first.status).toBe(200);
    expect(first.html).toContain('<textarea id="justification" name="justification"');
    expect(textOf(first.html)).toContain('Votre décision diffère de la recommandation');
    expect(await trialsOf(c)).toEqual([]);
    const justificationPage = readPage(200, first.html);
    expect(justificationPage.hidden.decision).toBe(other(advice));

    h.clock.advance(5000);
    const short = await c.post(c.path, { ...justificationPage.hidden, justification: '  Trop court.  ' });
    expect(short.status).toBe(400);
    expect(textOf(short.html)).toContain('Justification : écrivez au moins 40 caractères (vous en avez écrit 11)');
    expect(short.html).toContain('aria-invalid="true"');
    expect(short.html).toContain('>Trop court.</textarea>');
    expect(await trialsOf(c)).toEqual([]);

    h.clock.advance(20000);
    const text = 'Quatre plaintes en un an et un contrôle « À améliorer » : à inspecter.';
    const done = await c.post(c.path, { ...readPage(400, short.html).hidden, justification: `  ${text}\n` });
    expect(done.status).toBe(303);
    const [t] = await trialsOf(c);
    expect(t.decision).toBe(other(advice));
    expect(t.overridden).toBe(true);
    expect(t.justification).toBe(text);
    expect(t.justificationChars).toBe([...text].length);
    // Server clock: the decision took 9 s (trial page -> justification page), the justification 25 s (refusal included).
    expect(t.serverRtMs).toBe(9000);
    expect(t.justificationMs).toBe(25000);
  });

  it('with the AI having the last word, an override is justified the same way', async () => {
    const { c, page, advice } = await atFirstDecision('ia+justifiee');
    // The same pages in English (?lang=en, as the language link does).
    const en = `${c.path}?lang=en`;
    const first = await c.post(en, { ...page.hidden, action: 'override', decision: other(advice) });
    expect(first.status).toBe(200);
    expect(textOf(first.html)).toContain('Your decision differs from the AI');
    const short = await c.post(en, { ...readPage(200, first.html).hidden, justification: 'No.' });
    expect(short.status).toBe(400);
    expect(textOf(short.html)).toContain('Justification: write at least 40 characters (you wrote 3)');
    expect((await c.post(en, { ...readPage(400, short.html).hidden, justification: 'The complaints and the old inspection call for a visit.' })).status).toBe(303);
    const [t] = await trialsOf(c);
    expect([t.decision, t.lastWord, t.overridden, t.justificationChars]).toEqual([other(advice), 'ai', true, 55]);
  });

  it('refuses a forged justification (400) and stores nothing', async () => {
    const { c, page, advice } = await atFirstDecision('agent+justifiee');
    const served = page.hidden.served;
    const forged: [Record<string, string>, string][] = [
      [{ decision: advice, justification: 'x'.repeat(50), justify_served: served }, 'seule une décision différente de la recommandation se justifie'],
      [{ decision: other(advice), justification: 'x'.repeat(50) }, 'la justification s’écrit sur sa propre page'],
      [{ decision: other(advice), justification: 'x'.repeat(50), justify_served: `${Date.now()}.${'A'.repeat(43)}` }, 'ce formulaire ne correspond pas'],
      // The trial page's own stamp is not valid as the justification page's.
      [{ decision: other(advice), justification: 'x'.repeat(50), justify_served: served }, 'ce formulaire ne correspond pas'],
      [{ decision: other(advice), justification: 'x'.repeat(1001), justify_served: served }, 'écrivez au plus 1000 caractères'],
    ];
    for (const [fields, message] of forged) {
      const res = await c.post(c.path, { ...page.hidden, ...fields });
      expect(res.status, message).toBe(400);
      expect(textOf(res.html)).toContain(message);
    }
    expect(await trialsOf(c)).toEqual([]);
  });

  it('a justification is personal data: a formula is neutralised in the CSV, and erasure removes it from every export', async () => {
    const { c, page, advice } = await atFirstDecision('agent+justifiee');
    const first = await c.post(c.path, { ...page.hidden, decision: other(advice) });
    const formula = '=HYPERLINK("http://example.org","voir le dossier complet du restaurant")';
    expect((await c.post(c.path, { ...readPage(200, first.html).hidden, justification: formula })).status).toBe(303);
    const doc = (await h.store.getExperiment(STUDY))!;
    const csv = async () => {
      let out = '';
      for await (const line of trialCsvLines(h.store, doc)) out += line;
      return out;
    };
    const jsonl = async () => {
      let out = '';
      for await (const line of jsonLines(h.store, doc)) out += line;
      return out;
    };
    // A trial CSV row needs the final decision: the practice trial is not exported, so walk to a decision trial.
    let next = await c.current();
    while (!(next.at ?? '').startsWith('trials:')) next = await c.answer(next, defaultAnswers(next));
    const again = await c.post(c.path, { ...next.hidden, decision: other(adviceOnPage(next)) });
    await c.post(c.path, { ...readPage(200, again.html).hidden, justification: formula });
    const exported = await csv();
    expect(exported).toContain(`"'=HYPERLINK(""http://example.org"",""voir le dossier complet du restaurant"")"`);
    expect(exported.split('\r\n')[0]).toMatch(/,last_word,overridden,justify_min_chars,justification,justification_chars,justification_ms$/);
    expect(await jsonl()).toContain('voir le dossier complet du restaurant');
    await h.store.eraseParticipant(c.participantId);
    expect(await csv()).not.toContain('voir le dossier complet');
    expect(await jsonl()).not.toContain('voir le dossier complet');
    expect(await trialsOf(c)).toEqual([]);
  });
});
