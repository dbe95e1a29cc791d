/**
 * What the flow refuses or absorbs: decline, withdrawal, resume, double submission, an already-answered trial,
 * forged bodies on every POST route (stored data unchanged), unknown participants and studies, CSRF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Client, defaultAnswers, readPage, snapshot, startHarness, type Harness, type Page } from './harness.ts';

const STUDY = 'signaux-faibles';
let h: Harness;
beforeAll(async () => {
  h = await startHarness([STUDY, 'aide-exceptionnelle']);
});
afterAll(async () => {
  await h?.close();
});

/** Answers pages until `stop` says this is the page wanted. */
async function advanceUntil(c: Client, page: Page, stop: (p: Page) => boolean): Promise<Page> {
  for (let guard = 0; !stop(page); guard++) {
    if (guard > 200 || page.at === null) throw new Error('page not reached');
    h.clock.advance(3000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return page;
}
const firstDecision = (p: Page) => p.at !== null && p.at.startsWith('trials:') && 'decision' in p.radios;

describe('consent', () => {
  it('a decline ends the flow politely and stores only the refusal', async () => {
    const c = new Client(h);
    const consent = await c.join(STUDY);
    const res = await c.post(c.path, { ...consent.hidden, choice: 'decline' });
    expect(res.status).toBe(303);
    const after = await c.current();
    expect(after.status).toBe(200);
    expect(after.html).toContain('Seul ce refus a été enregistré');
    expect(after.at).toBeNull();
    const s = await snapshot(h.store, STUDY, c.participantId);
    expect(s.participant?.status).toBe('declined');
    expect(s.trials).toEqual([]);
    expect(s.responses).toEqual([]);
    expect(s.events.filter((e) => e.participantId === c.participantId).map((e) => e.type)).toEqual(['participant_joined', 'consent_declined']);
  });
});

describe('withdrawal', () => {
  it('is linked from every flow page and marks the participant withdrawn', async () => {
    const c = new Client(h);
    let page = await c.join(STUDY);
    page = await advanceUntil(c, page, firstDecision);
    expect(page.html).toContain(`href="${c.path}/withdraw"`);
    const confirm = await c.get(`${c.path}/withdraw`);
    expect(confirm.status).toBe(200);
    const res = await c.post(`${c.path}/withdraw`, { _csrf: confirm.hidden._csrf });
    expect(res.status).toBe(303);
    const after = await c.current();
    expect(after.html).toContain('Votre retrait a été enregistré');
    const s = await snapshot(h.store, STUDY, c.participantId);
    expect(s.participant?.status).toBe('withdrawn');
    // A late answer from the old page changes nothing.
    const late = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page) });
    expect(late.status).toBe(200);
    expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(s);
  });
});

describe('resume', () => {
  it('the participant link shows the current page from another browser, days later', async () => {
    const c = new Client(h);
    let page = await c.join(STUDY);
    page = await advanceUntil(c, page, firstDecision);
    h.clock.advance(3 * 24 * 3600 * 1000);
    const other = new Client(h);
    other.participantId = c.participantId;
    const again = await other.current();
    expect(again.at).toBe(page.at);
    // The other browser can answer (its own CSRF cookie and token).
    const next = await other.answer(again, defaultAnswers(again));
    expect(next.at).not.toBe(page.at);
  });

  it('the same label resumes only in the browser that started; elsewhere it opens nothing; it is stored only hashed', async () => {
    const c = new Client(h);
    await c.join(STUDY, '?label=AGENT-4711');
    const stored = await h.store.getParticipant(c.participantId);
    expect(stored?.labelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('AGENT-4711');
    const same = await c.agent.get(`/e/${STUDY}?label=AGENT-4711`);
    expect(same.status).toBe(303);
    expect(same.headers.location).toBe(c.path);
    const elsewhere = await request(h.app).get(`/e/${STUDY}?label=AGENT-4711`);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.text).not.toContain(c.participantId);
  });
});

describe('repeated and stale submissions', () => {
  it('a double submission records once and advances once', async () => {
    const c = new Client(h);
    let page = await c.join(STUDY);
    page = await advanceUntil(c, page, firstDecision);
    const body = { ...page.hidden, ...defaultAnswers(page) };
    const [a, b] = [await c.post(c.path, body), await c.post(c.path, body)];
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    const s = await snapshot(h.store, STUDY, c.participantId);
    expect(s.trials.filter((t) => !t.practice)).toHaveLength(1);
    const next = await c.current();
    expect(next.at).toBe('trials:1');
  });

  it('a different answer to an already-answered trial gets 409 and the first answer is kept', async () => {
    const c = new Client(h);
    let page = await c.join(STUDY);
    page = await advanceUntil(c, page, firstDecision);
    await c.answer(page, { ...defaultAnswers(page), decision: page.radios.decision[0] });
    const before = await snapshot(h.store, STUDY, c.participantId);
    const res = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page), decision: page.radios.decision[1] });
    expect(res.status).toBe(409);
    expect(res.html).toContain('votre première réponse est conservée');
    expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(before);
  });

  it('a form for a page not reached yet gets 409 and changes nothing', async () => {
    const c = new Client(h);
    const consent = await c.join(STUDY);
    const before = await snapshot(h.store, STUDY, c.participantId);
    const res = await c.post(c.path, { ...consent.hidden, at: 'trials:3', decision: 'contacter', served: 'x' });
    expect(res.status).toBe(409);
    expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(before);
  });
});

describe('forged bodies get a 400 page that says what was wrong, and change nothing', () => {
  const forgeries = (page: Page): [string, Record<string, string | string[]>, RegExp][] => {
    const good = { ...page.hidden, ...defaultAnswers(page) };
    return [
      ['an unknown field', { ...good, extra: '1' }, /champs inattendus\u00a0: extra/],
      ['a $-key', { ...good, $where: '1' }, /champs inattendus\u00a0: \$where/],
      ['a nested key', { ...good, 'decision[$ne]': 'x' }, /champs inattendus/],
      ['a repeated field (array)', { ...good, decision: ['contacter', 'ne_pas_contacter'] }, /Décision\u00a0: choisissez une des réponses/],
      ['a value outside the labels', { ...good, decision: '$ne' }, /Décision\u00a0: choisissez une des réponses/],
      ['certainty out of range', { ...good, certainty: '8' }, /Degré de certitude\u00a0: choisissez un nombre entier de 1 à 7/],
      ['certainty not a number', { ...good, certainty: 'abc' }, /Degré de certitude/],
      ['a forged serving stamp', { ...good, served: '1.' + 'A'.repeat(43) }, /ne correspond pas à la page/],
      ['a missing decision', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'decision')), /Décision/],
      ['a client time that is not a number', { ...good, client_rt_ms: '-5' }, /Champ client_rt_ms/],
    ];
  };

  it('on a decision page', async () => {
    const c = new Client(h);
    let page = await c.join(STUDY);
    page = await advanceUntil(c, page, firstDecision);
    const before = await snapshot(h.store, STUDY, c.participantId);
    for (const [what, body, message] of forgeries(page)) {
      const res = await c.post(c.path, body);
      expect(res.status, what).toBe(400);
      expect(res.html, what).toMatch(message);
    }
    expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(before);
  });

  it('on the consent, questionnaire, instructions, withdraw and join routes', async () => {
    const c = new Client(h);
    const consent = await c.join(STUDY);
    const check = async (path: string, body: Record<string, string | string[]>, status = 400) => {
      const before = await snapshot(h.store, STUDY, c.participantId);
      const res = await c.post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(before);
      return res;
    };
    await check(c.path, { ...consent.hidden, choice: 'maybe' });
    await check(c.path, { ...consent.hidden, choice: 'accept', admin: '1' });
    await check(c.path, { ...consent.hidden, choice: ['accept', 'decline'] });
    const questionnaire = await c.answer(consent, { choice: 'accept' });
    expect(questionnaire.at).toBe('questionnaires:0');
    const good = { ...questionnaire.hidden, ...defaultAnswers(questionnaire) };
    await check(c.path, { ...good, item_prop_1: '6' });
    await check(c.path, { ...good, item_prop_1: '0' });
    await check(c.path, { ...good, item_prop_9: '3' });
    await check(c.path, Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'item_prop_3')));
    // A page of a scale refused for one missing item comes back with the others as answered, then is stored.
    const missing = Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'item_prop_3'));
    const refused = await check(c.path, { ...missing, item_prop_1: '5', item_prop_2: '1' });
    expect(refused.html).toMatch(/<div class="problems" id="problems" role="alert">[\s\S]*<\/div>[\s\S]*<form method="post"/);
    const checked = [...refused.html.matchAll(/name="(item_prop_\d+)" value="(\d+)" required checked>/g)].map((m) => `${m[1]}=${m[2]}`);
    const expected = Object.entries({ ...missing, item_prop_1: '5', item_prop_2: '1' }).filter(([k]) => k.startsWith('item_')).map(([k, v]) => `${k}=${v}`);
    expect(checked.sort()).toEqual(expected.sort());
    expect(checked.some((a) => a.startsWith('item_prop_3='))).toBe(false);
    const shownAgain = readPage(refused.status, refused.html);
    expect(shownAgain.at).toBe('questionnaires:0');
    const instructions = await c.answer(questionnaire, defaultAnswers(questionnaire));
    expect(instructions.at).toBe('instructions:0');
    await check(c.path, { ...instructions.hidden, go: '1' });
    const withdraw = await c.get(`${c.path}/withdraw`);
    await check(`${c.path}/withdraw`, { _csrf: withdraw.hidden._csrf, reason: 'x' });
    // The join form, from a browser that has not joined yet (this one now goes back to its participant from /e/).
    const newcomer = new Client(h);
    const welcome = await newcomer.get(`/e/${STUDY}`);
    expect(welcome.status).toBe(200);
    const participants = await h.store.participantSummary(STUDY, new Date(0));
    const wrongLanguage = await newcomer.post(`/e/${STUDY}`, { ...welcome.hidden, lang: 'de' });
    expect(wrongLanguage.status).toBe(400);
    // zod's own message comes in the page's language too (the client asks for French pages).
    expect(wrongLanguage.html).toContain('Option invalide');
    expect(wrongLanguage.html).not.toContain('Invalid option');
    expect((await newcomer.post(`/e/${STUDY}`, { ...welcome.hidden, $gt: '' })).status).toBe(400);
    expect((await h.store.participantSummary(STUDY, new Date(0))).total).toBe(participants.total);
  });

  it('a POST without a CSRF token is refused with 403', async () => {
    const c = new Client(h);
    const consent = await c.join(STUDY);
    const before = await snapshot(h.store, STUDY, c.participantId);
    const res = await c.post(c.path, { at: consent.hidden.at, choice: 'accept' });
    expect(res.status).toBe(403);
    const stranger = await request(h.app).post(c.path).type('form').send(`_csrf=${consent.hidden._csrf}&at=consent:0&choice=accept`);
    expect(stranger.status).toBe(403);
    expect(await snapshot(h.store, STUDY, c.participantId)).toEqual(before);
  });

  it('an oversized body is refused', async () => {
    const c = new Client(h);
    const consent = await c.join(STUDY);
    const res = await c.post(c.path, { ...consent.hidden, choice: 'accept', pad: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect((await h.store.getParticipant(c.participantId))?.step).toBe('consent');
  });
});

describe('unknown things', () => {
  it('a participant id that does not exist gets 404, in any shape', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'nope', '%24ne', '..%2F..%2Fetc']) {
      const res = await request(h.app).get(`/p/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.text).toMatch(/Lien inconnu|Page introuvable|Unknown link|Page not found/);
      const post = await request(h.app).post(`/p/${id}`).type('form').send('a=1');
      expect([403, 404]).toContain(post.status);
    }
  });

  it('an unknown study gets a clear 404 page, a closed one a clear 410 page', async () => {
    const unknown = await request(h.app).get('/e/nothing-here').set('Accept-Language', 'fr');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Étude introuvable');
    await h.registry.close('aide-exceptionnelle');
    const closed = await request(h.app).get('/e/aide-exceptionnelle').set('Accept-Language', 'en');
    expect(closed.status).toBe(410);
    expect(closed.text).toContain('Study closed');
    await h.registry.open('aide-exceptionnelle');
    expect((await request(h.app).get('/e/aide-exceptionnelle')).status).toBe(200);
  });
});

describe('home page', () => {
  it('lists the open studies with their link', async () => {
    const res = await request(h.app).get('/').set('Accept-Language', 'fr');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/e/signaux-faibles"');
    expect(res.text).toContain('Détection des entreprises en difficulté');
  });
});

describe('security headers', () => {
  it('sends a CSP without inline scripts and no third-party origin', async () => {
    const res = await request(h.app).get(`/e/${STUDY}`);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(res.text).not.toMatch(/\sstyle=/);
  });
});
