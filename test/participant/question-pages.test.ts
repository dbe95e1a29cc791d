/**
 * A page of generic questions (aide-exceptionnelle's "profil": a required single choice, an optional number of years,
 * an optional multiple choice of at most 3, an optional 200-character comment), as a browser without JavaScript
 * submits it: accessible markup in both languages, every forged or out-of-range answer refused with a 400 page
 * naming the question and nothing stored, a valid page stored as typed responses, exported with formula protection
 * and erased with the participant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, readPage, snapshot, startHarness, type Harness, type Page } from './harness.ts';
import { responsesCsvLines } from '../../server/store/tidy/responses-csv.ts';

const STUDY = 'aide-exceptionnelle';
let h: Harness;

beforeAll(async () => {
  h = await startHarness([STUDY]);
});
afterAll(async () => h.close());

/** Joins and answers every page until the first page of generic questions. */
async function toQuestionPage(lang: 'fr' | 'en'): Promise<{ c: Client; page: Page }> {
  const c = new Client(h, lang === 'fr' ? 'fr-FR,fr;q=0.9' : 'en-GB,en;q=0.9');
  let page = await c.join(STUDY);
  for (let guard = 0; !page.html.includes('data-question-type') && guard < 200; guard++) {
    h.clock.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  expect(page.html).toContain('data-question-type');
  return { c, page };
}

const VALID = { q_fonction: 'encadrant', q_anciennete: '12', q_outils: ['tableur', 'logiciel_metier'], q_commentaire: '=HYPERLINK("http://x")  ' };

describe('a page of generic questions', () => {
  it.each(['fr', 'en'] as const)('(%s) choices are fieldsets with a legend, number and text have labels, hints and limits', async (lang) => {
    const { page } = await toQuestionPage(lang);
    const html = page.html;
    expect(html).toMatch(/<fieldset class="question" data-question-type="single_choice"[^>]*>\s*<legend>/);
    expect(html).toMatch(/<fieldset class="question" data-question-type="multiple_choice"[^>]*data-max="3"/);
    expect(html).toMatch(/<input type="radio" id="q_fonction-0" name="q_fonction" value="instructeur" required>/);
    expect(html).toMatch(/<input type="checkbox" id="q_outils-0" name="q_outils" value="logiciel_metier">/);
    expect(html).toMatch(/<label for="q_anciennete-1">/);
    expect(html).toMatch(/<input type="number" id="q_anciennete-1" name="q_anciennete" min="0" max="45" step="1" inputmode="numeric" aria-describedby="q_anciennete-1-hint">/);
    expect(html).toMatch(/<textarea id="q_commentaire-3" name="q_commentaire" maxlength="200" rows="4" aria-describedby="q_commentaire-3-help q_commentaire-3-hint">/);
    expect(html).toContain(lang === 'fr' ? 'Quelle est votre fonction\u202f?' : 'What is your role?');
    expect(html).toContain(lang === 'fr' ? '200 caractères au plus.' : 'At most 200 characters.');
    expect(html).toContain(lang === 'fr' ? '(réponse attendue)' : '(answer needed)');
  });

  it.each([
    ['a forged option', { q_fonction: 'directeur' }, /What is your role\?.*choose among the options offered/],
    ['a missing required answer', { q_fonction: '' }, /What is your role\?.*an answer is needed/],
    ['a number out of range', { q_anciennete: '46' }, /For how many years.*give a number from 0 to 45 \(in steps of 1\)/],
    ['a number off the step grid', { q_anciennete: '2.5' }, /For how many years.*give a number from 0 to 45/],
    ['not a number', { q_anciennete: '1e3' }, /For how many years.*give a number/],
    ['a repeated option', { q_outils: ['tableur', 'tableur'] }, /Which digital tools.*choose among the options offered/],
    ['a text over 200 characters', { q_commentaire: 'x'.repeat(201) }, /Any comment.*at most 200 characters \(201 given\)/],
    ['a control character', { q_commentaire: 'a\u0007b' }, /Any comment.*control characters are not accepted/],
    ['a repeated single choice', { q_fonction: ['autre', 'encadrant'] }, /What is your role\?.*choose among the options offered/],
    ['a repeated number', { q_anciennete: ['3', '4'] }, /For how many years.*the answer was sent more than once/],
    ['an unknown field', { q_age: '40' }, /unexpected fields: q_age/],
  ])('refuses %s with a 400 page naming the question, and stores nothing', async (_what, forged, message) => {
    const { c, page } = await toQuestionPage('en');
    const res = await c.post(c.path, { ...page.hidden, ...VALID, ...forged });
    expect(res.status).toBe(400);
    expect(res.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/&#39;/g, "'").replace(/&#34;/g, '"')).toMatch(message);
    const stored = await snapshot(h.store, STUDY, c.participantId);
    expect(stored.responses.filter((r) => r.scale === 'profil')).toEqual([]);
    expect((await c.current()).at).toBe(page.at);
  });

  it.each(['fr', 'en'] as const)('(%s) a refused page comes back with what was wrong above the form and every answer sent filled in; sent again, it is stored', async (lang) => {
    const { c, page } = await toQuestionPage(lang);
    const sent = { ...VALID, q_anciennete: '46', q_commentaire: 'Mon avis : "<b>bon</b>" & clair' };
    const res = await c.post(c.path, { ...page.hidden, ...sent });
    expect(res.status).toBe(400);
    const again = readPage(res.status, res.html);
    expect(again.at).toBe(page.at);
    // What was wrong, announced, above the form.
    expect(res.html).toMatch(/<div class="problems" id="problems" role="alert">\s*<h2>[^<]+<\/h2>[\s\S]*<li>[^<]*(Depuis combien|For how many years)[^<]*<\/li>[\s\S]*<\/div>[\s\S]*<form method="post"/);
    // Every answer as sent: the choice, the number (the refused one), the two ticks, the text escaped.
    expect(res.html).toMatch(/<input type="radio" id="q_fonction-\d" name="q_fonction" value="encadrant" required checked>/);
    expect(res.html.match(/name="q_fonction" [^>]* checked>/g)).toHaveLength(1);
    expect(res.html).toMatch(/<input type="number" id="q_anciennete-1" name="q_anciennete" min="0" max="45" step="1" inputmode="numeric" value="46" aria-describedby/);
    expect(res.html.match(/name="q_outils" value="[a-z_]+" checked>/g)).toEqual(['name="q_outils" value="logiciel_metier" checked>', 'name="q_outils" value="tableur" checked>']);
    expect(res.html).toContain('>Mon avis : &#34;&lt;b&gt;bon&lt;/b&gt;&#34; &amp; clair</textarea>');
    expect(res.html).not.toContain('<b>bon</b>');
    expect((await snapshot(h.store, STUDY, c.participantId)).responses.filter((r) => r.scale === 'profil')).toEqual([]);
    // The participant corrects the number and sends the page again, from the page shown: stored.
    const next = await c.answer(again, { ...sent, q_anciennete: '45', q_outils: ['tableur'] } as unknown as Record<string, string>);
    expect(next.at).not.toBe(page.at);
    const stored = (await snapshot(h.store, STUDY, c.participantId)).responses.filter((r) => r.scale === 'profil');
    expect(stored.find((r) => r.item === 'anciennete')).toMatchObject({ value: 45 });
    expect(stored.find((r) => r.item === 'outils')).toMatchObject({ value: 1, text: 'tableur' });
    expect(stored.find((r) => r.item === 'commentaire')).toMatchObject({ text: 'Mon avis : "<b>bon</b>" & clair' });
  });

  it('an unknown field sent with a refused page is not written back into it', async () => {
    const { c, page } = await toQuestionPage('en');
    const res = await c.post(c.path, { ...page.hidden, ...VALID, q_age: '"><script>alert(1)</script>' });
    expect(res.status).toBe(400);
    expect(res.html).not.toContain('alert(1)</script>');
    expect(res.html).not.toContain('alert(1)');
  });

  it('stores a valid page as typed responses, exports them tidily with formula protection, and erases them', async () => {
    const { c, page } = await toQuestionPage('fr');
    const next = await c.answer(page, VALID as unknown as Record<string, string>);
    expect(next.at).not.toBe(page.at);
    const stored = (await snapshot(h.store, STUDY, c.participantId)).responses.filter((r) => r.scale === 'profil');
    const by = (item: string) => stored.find((r) => r.item === item);
    expect(by('fonction')).toMatchObject({ type: 'single_choice', value: 2, text: 'encadrant' });
    expect(by('anciennete')).toMatchObject({ type: 'number', value: 12 });
    expect(by('anciennete')!.text).toBeUndefined();
    // In the order of the options, whatever the order sent.
    expect(by('outils')).toMatchObject({ type: 'multiple_choice', value: 2, text: 'logiciel_metier tableur' });
    expect(by('commentaire')).toMatchObject({ type: 'text', value: 22, text: '=HYPERLINK("http://x")' });

    const doc = (await h.store.getExperiment(STUDY))!;
    const lines: string[] = [];
    for await (const line of responsesCsvLines(h.store, doc)) lines.push(line);
    const mine = lines.filter((l) => l.startsWith(`${c.participantId},profil,`)).map((l) => l.replace(`${c.participantId},`, '').replace(`,${doc.configHash}`, ''));
    expect(mine).toEqual([
      `profil,anciennete,12,${stored[0].condition},number,\r\n`,
      `profil,commentaire,22,${stored[0].condition},text,"'=HYPERLINK(""http://x"")"\r\n`,
      `profil,fonction,2,${stored[0].condition},single_choice,encadrant\r\n`,
      `profil,outils,1,${stored[0].condition},multiple_choice,logiciel_metier\r\n`,
      `profil,outils,1,${stored[0].condition},multiple_choice,tableur\r\n`,
    ]);

    const erased = await h.store.eraseParticipant(c.participantId);
    expect(erased.responses).toBeGreaterThanOrEqual(5);
    expect((await snapshot(h.store, STUDY, c.participantId)).responses).toEqual([]);
    const after: string[] = [];
    for await (const line of responsesCsvLines(h.store, doc)) after.push(line);
    expect(after.join('')).not.toContain('HYPERLINK');
  });

  it('an optional multiple choice left unticked is answered "none"; optional number and text left empty store nothing', async () => {
    const { c, page } = await toQuestionPage('en');
    await c.answer(page, { q_fonction: 'autre', q_anciennete: '', q_commentaire: '   ' });
    const stored = (await snapshot(h.store, STUDY, c.participantId)).responses.filter((r) => r.scale === 'profil');
    expect(stored.map((r) => [r.item, r.value, r.text])).toEqual([
      ['fonction', 4, 'autre'],
      ['outils', 0, ''],
    ]);
  });
});
