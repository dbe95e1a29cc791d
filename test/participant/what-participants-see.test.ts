/**
 * What participants saw that was wrong in full runs (issue 13, part 6): English pages with French case data, a
 * questionnaire banner without the study's title, dead-end error pages, no overall progress, a welcome text listing
 * the steps out of order, no /favicon.ico.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire']);
});
afterAll(async () => {
  await h?.close();
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

/** Answers pages until `stop` says so; returns that page. */
async function walkUntil(c: Client, page: Awaited<ReturnType<Client['current']>>, stop: (html: string) => boolean) {
  const { defaultAnswers } = await import('./harness.ts');
  for (let i = 0; i < 200 && !stop(page.html); i++) {
    h.clock.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return page;
}

describe('case values in the participant language', () => {
  it.each([
    ['aide-exceptionnelle', ['Parent seul', 'Couple, ', 'Personne seule', 'Baisse de ressources', 'Complet'], /Single (person|parent)|Couple, (no children|\d child)/],
    ['risque-inondation', ['Crue rapide', 'Crue lente', 'Crue torrentielle'], /(Fast|Slow lowland|Flash) flood/],
    ['signaux-faibles', ['Services aux entreprises', 'Hébergement', 'Commerce de détail', 'Industrie manufacturière', 'Santé humaine'], /Sector (Construction|Accommodation|Retail|Manufacturing|Transport|Business|Information|Health)/],
  ])('%s: an English dossier shows English text values', async (study, french, english) => {
    const c = new Client(h, 'en-GB');
    const page = await walkUntil(c, await c.join(study), (html) => html.includes('class="dossier"'));
    const shown = text(page.html);
    expect(shown).toMatch(english);
    for (const word of french) expect(shown).not.toMatch(new RegExp(`\\b${word}\\b`));
  });

  it('a French dossier keeps the French values', async () => {
    const c = new Client(h, 'fr-FR');
    const page = await walkUntil(c, await c.join('aide-exceptionnelle'), (html) => html.includes('class="dossier"'));
    expect(text(page.html)).toMatch(/Personne seule|Parent seul|Couple/);
  });
});

describe('pages of the flow', () => {
  it('the welcome page lists the steps in the order of the study', async () => {
    const c = new Client(h, 'en-GB');
    const welcome = text((await c.get('/e/signaux-faibles')).html);
    const order = ['consent', 'Propensity to trust automation', 'the instructions', '2 practice dossiers', '21 dossiers to decide on', 'Trust between people and automation', 'the end of the study'];
    const at = order.map((s) => welcome.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('shows overall progress, growing from 0 % to the end, and questionnaires keep the study title in the banner', async () => {
    const c = new Client(h, 'en-GB');
    let page = await c.join('signaux-faibles');
    expect(page.html).toMatch(/<progress id="progress" max="100" value="0">/);
    page = await c.answer(page, { choice: 'accept' });
    expect(page.at).toBe('questionnaires:0');
    expect(page.html).toContain('<p class="brand">Detecting firms in difficulty</p>');
    expect(page.html).toContain('<h1>Propensity to trust automation</h1>');
    const value = Number(/<progress id="progress" max="100" value="(\d+)">/.exec(page.html)?.[1]);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(10);
  });

  it('a different answer to a trial already answered (409) links back to the current step', async () => {
    const c = new Client(h, 'en-GB');
    const trial = await walkUntil(c, await c.join('aide-exceptionnelle'), (html) => html.includes('class="dossier"'));
    await c.answer(trial, { decision: trial.radios.decision[0] });
    const again = await c.post(c.path, { ...trial.hidden, decision: trial.radios.decision[1] });
    expect(again.status).toBe(409);
    expect(again.html).toContain(`<a href="${c.path}">`);
  });

  it('an expired form (403) and an invalid answer (400) link back to the current step, or to the study before joining', async () => {
    const c = new Client(h, 'en-GB');
    const consent = await c.join('signaux-faibles');
    const expired = await c.post(c.path, { ...consent.hidden, _csrf: 'forged', choice: 'accept' });
    expect(expired.status).toBe(403);
    expect(expired.html).toContain(`<a href="${c.path}">`);
    const invalid = await c.post(c.path, { ...consent.hidden, choice: 'maybe' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain(`<a href="${c.path}">`);
    const welcome = await c.get('/e/signaux-faibles');
    const join = await c.post('/e/signaux-faibles', { ...welcome.hidden, _csrf: 'forged' });
    expect(join.status).toBe(403);
    expect(join.html).toContain('<a href="/e/signaux-faibles">');
  });

  it('serves a small /favicon.ico', async () => {
    const c = new Client(h);
    const res = await c.agent.get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/icon/);
    expect(Number(res.headers['content-length'])).toBeLessThan(2000);
  });
});

describe('advice', () => {
  it.each([1, 2])('within subjects (participant %i: both block orders), the explanation is introduced on the first page that shows it, once', async () => {
    const c = new Client(h, 'en-GB');
    const intros: string[] = [];
    const typesSeen: string[] = [];
    let page = await c.join('risque-inondation');
    const { defaultAnswers } = await import('./harness.ts');
    for (let i = 0; i < 200 && page.at; i++) {
      const intro = /<div class="notice intro"><p><strong>[^<]+<\/strong><\/p><p>([^<]+)<\/p>/.exec(page.html)?.[1];
      const type = /class="expl-(fi|cf|conf|sim|text)"/.exec(page.html)?.[1];
      if (type && !typesSeen.includes(type)) {
        typesSeen.push(type);
        expect(intro, `first page with ${type}`).toBeDefined();
      }
      if (intro) intros.push(intro);
      h.clock.advance(4000);
      page = await c.answer(page, defaultAnswers(page));
    }
    // risque-inondation: blocks "none" and "feature_importance"; only the latter has something to introduce.
    expect(typesSeen).toEqual(['fi']);
    expect(intros).toHaveLength(1);
    expect(intros[0]).toContain('solid bar');
  });

  it('the advice labels agree with the framing ("the expert service recommends", never "the AI recommends")', async () => {
    for (let i = 0; i < 12; i++) {
      const c = new Client(h, 'en-GB');
      const page = await walkUntil(c, await c.join('aide-exceptionnelle'), (html) => html.includes('class="advice"'));
      const participant = await h.store.getParticipant(c.participantId);
      if (!participant?.condition?.endsWith('+autorite')) continue;
      expect(page.html).toContain('<h2 id="advice-title">The expert service&#39;s recommendation</h2>');
      expect(page.html).toContain('<p class="recommendation">The expert service recommends: <strong>');
      expect(page.html).not.toContain('The AI&#39;s recommendation');
      return;
    }
    throw new Error('no participant was assigned an "autorite" condition');
  });
});
