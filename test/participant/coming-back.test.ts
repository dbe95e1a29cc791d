/**
 * Coming back, and what a label may open (issue #16 item 2, issue #13 item 3). The browser a participant started
 * with goes back to their pages from the open link; a label alone never opens anyone's pages, and never creates a
 * second participant; the personal link is shown on the instructions page. Axes: the three bundled studies, fr and
 * en, open link and personal invitation, new and returning browser.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createInvitations } from '../../server/researcher/invitations/invite.ts';
import type { ParticipantDoc } from '../../server/store/index.ts';
import { Client, defaultAnswers, SECRET, startHarness, type Harness, type Page } from './harness.ts';

const STUDIES = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire'] as const;
const LANGS = [
  ['fr', 'fr-FR,fr;q=0.9', 'Ce numéro est déjà utilisé', 'Votre lien personnel'],
  ['en', 'en-GB,en;q=0.9', 'This number is already in use', 'Your personal link'],
] as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness([...STUDIES]);
});
afterAll(async () => {
  await h.close();
});

async function participantsIn(study: string): Promise<ParticipantDoc[]> {
  const all: ParticipantDoc[] = [];
  for await (const p of h.store.participants(study)) all.push(p);
  return all;
}

async function participantsOf(study: string): Promise<number> {
  return (await participantsIn(study)).length;
}

/** Answers the pages up to the instructions (consent, and the questionnaires before them). */
async function untilInstructions(c: Client, page: Page): Promise<Page> {
  for (let guard = 0; page.at !== 'instructions:0' && page.at !== null && guard < 10; guard++) page = await c.answer(page, defaultAnswers(page));
  return page;
}

/** The Set-Cookie header of the browser binding in a response, or undefined. */
function bindingCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const all = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return all.find((c) => c.startsWith('confiance_participant='));
}

describe.each(STUDIES)('%s: the same browser comes back on the open link', (study) => {
  it.each(LANGS)('%s: reopening /e/<study> and pressing "Start" again lead to the same participant, never a second one', async (_lang, acceptLanguage) => {
    const c = new Client(h, acceptLanguage);
    const consent = await c.join(study);
    const page = await c.answer(consent, defaultAnswers(consent));
    const before = await participantsOf(study);
    const again = await c.agent.get(`/e/${study}`).set('Accept-Language', acceptLanguage);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(c.path);
    const welcomeForm = await request(h.app).get(`/e/${study}`).set('Accept-Language', acceptLanguage);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(welcomeForm.text)?.[1] ?? '';
    // "Start" pressed again from a welcome page kept open in this browser (its own CSRF token).
    const ownForm = await c.agent.get(`/p/${c.participantId}`);
    const ownCsrf = /name="_csrf" value="([^"]+)"/.exec(ownForm.text)?.[1] ?? csrf;
    const start = await c.post(`/e/${study}`, { _csrf: ownCsrf, at: 'join', lang: _lang });
    expect(start.status).toBe(303);
    expect(start.location).toBe(c.path);
    expect(await participantsOf(study)).toBe(before);
    expect((await c.current()).at).toBe(page.at);
  });

  it('a new browser gets the welcome page and becomes a new participant', async () => {
    const first = new Client(h);
    await first.join(study);
    const second = new Client(h);
    await second.join(study);
    expect(second.participantId).not.toBe(first.participantId);
  });
});

describe('coming back with ?lang=', () => {
  it('keeps the language the link asks for on the way back to the participant\'s pages', async () => {
    const c = new Client(h, 'fr-FR,fr;q=0.9');
    await c.join('signaux-faibles');
    const back = await c.agent.get('/e/signaux-faibles?lang=en');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(`${c.path}?lang=en`);
    const page = await c.agent.get(back.headers.location);
    expect(page.text).toContain('<html lang="en"');
    expect((await c.agent.get('/e/signaux-faibles?lang=xx')).headers.location).toBe(c.path);
  });
});

describe('the browser cookie', () => {
  it('is HttpOnly, SameSite=Lax, scoped to the study\'s open link, and does not hold the participant id in clear', async () => {
    const c = new Client(h);
    const welcome = await c.get('/e/signaux-faibles');
    const res = await c.agent.post('/e/signaux-faibles').type('form').send({ ...welcome.hidden });
    expect(res.status).toBe(303);
    const cookie = bindingCookie(res) ?? '';
    expect(cookie).toMatch(/; Path=\/e\/signaux-faibles(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    const id = String(res.headers.location).replace('/p/', '');
    expect(cookie).not.toContain(id);
  });

  it('of one study opens nothing on another study, and a tampered cookie opens nothing', async () => {
    const c = new Client(h);
    const welcome = await c.get('/e/signaux-faibles');
    const res = await c.agent.post('/e/signaux-faibles').type('form').send({ ...welcome.hidden });
    const value = /^confiance_participant=([^;]+)/.exec(bindingCookie(res) ?? '')?.[1] ?? '';
    expect(value).not.toBe('');
    const elsewhere = await request(h.app).get('/e/aide-exceptionnelle').set('Cookie', `confiance_participant=${value}`);
    expect(elsewhere.status).toBe(200);
    // One character changed (the one before last, whose six bits are all in the sealed bytes).
    const at = value.length - 2;
    const flipped = value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
    expect(flipped).not.toBe(value);
    const tampered = await request(h.app).get('/e/signaux-faibles').set('Cookie', `confiance_participant=${flipped}`);
    expect(tampered.status).toBe(200);
    const same = await request(h.app).get('/e/signaux-faibles').set('Cookie', `confiance_participant=${value}`);
    expect(same.status).toBe(303);
  });

  it('is sealed once per participant: each page view re-sends the same value, which still opens their pages; another participant gets another value', async () => {
    const valueOf = (res: { headers: Record<string, unknown> }) => /^confiance_participant=([^;]+)/.exec(bindingCookie(res) ?? '')?.[1] ?? '';
    const c = new Client(h);
    const welcome = await c.get('/e/signaux-faibles');
    const joined = await c.agent.post('/e/signaux-faibles').type('form').send({ ...welcome.hidden });
    const sealed = valueOf(joined);
    expect(sealed).not.toBe('');
    const views = [await c.agent.get(String(joined.headers.location)), await c.agent.get(String(joined.headers.location))];
    expect(views.map(valueOf)).toEqual([sealed, sealed]);
    const back = await request(h.app).get('/e/signaux-faibles').set('Cookie', `confiance_participant=${sealed}`);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(joined.headers.location);
    const other = new Client(h);
    const otherWelcome = await other.get('/e/signaux-faibles');
    const otherJoined = await other.agent.post('/e/signaux-faibles').type('form').send({ ...otherWelcome.hidden });
    expect(valueOf(otherJoined)).not.toBe('');
    expect(valueOf(otherJoined)).not.toBe(sealed);
  });
});

describe.each(LANGS)('a known label from another browser (%s)', (lang, acceptLanguage, inUseTitle) => {
  it.each(STUDIES)('%s: GET and POST of the open link never give the participant\'s link and create no one', async (study) => {
    const label = `AGENT-${study}-${lang}`;
    const first = new Client(h, acceptLanguage);
    await first.join(study, `?label=${label}`);
    const before = await participantsOf(study);
    const other = new Client(h, acceptLanguage);
    const look = await other.agent.get(`/e/${study}?label=${label}`).set('Accept-Language', acceptLanguage);
    expect(look.status).toBe(409);
    expect(look.headers.location).toBeUndefined();
    expect(look.text).toContain(inUseTitle);
    expect(look.text).not.toContain(first.participantId);
    const welcome = await other.get(`/e/${study}`);
    const join = await other.post(`/e/${study}`, { ...welcome.hidden, label });
    expect(join.status).toBe(409);
    expect(join.html).not.toContain(first.participantId);
    expect(await participantsOf(study)).toBe(before);
  });
});

describe('labels and the same browser', () => {
  it('the same browser with its own label goes back to its participant; with another label it is someone new', async () => {
    const c = new Client(h);
    await c.join('risque-inondation', '?label=A-17');
    const own = await c.agent.get('/e/risque-inondation?label=A-17');
    expect(own.status).toBe(303);
    expect(own.headers.location).toBe(c.path);
    const otherLabel = await c.get('/e/risque-inondation?label=A-18');
    expect(otherLabel.status).toBe(200);
    expect(otherLabel.hidden.label).toBe('A-18');
    const res = await c.post('/e/risque-inondation', otherLabel.hidden);
    expect(res.status).toBe(303);
    expect(res.location).not.toBe(c.path);
  });

  it('two browsers joining at once with the same new label make one participant; the other is told the number is in use', async () => {
    const a = new Client(h);
    const b = new Client(h);
    const [wa, wb] = [await a.get('/e/signaux-faibles?label=RACE-1'), await b.get('/e/signaux-faibles?label=RACE-1')];
    const [ra, rb] = await Promise.all([a.post('/e/signaux-faibles', wa.hidden), b.post('/e/signaux-faibles', wb.hidden)]);
    expect([ra.status, rb.status].sort()).toEqual([303, 409]);
    const labelled = (await participantsIn('signaux-faibles')).filter((p) => p.labelHash !== undefined);
    const hashes = labelled.map((p) => p.labelHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('personal invitation links', () => {
  it('a label with an invitation is never answered with the personal link; the invited browser comes back from the open link', async () => {
    const deps = { config: loadConfig({ DATA_DIR: '/nonexistent' }), store: h.store, registry: h.registry, secret: SECRET, now: () => h.clock.now };
    const [invitation] = await createInvitations(deps, 'aide-exceptionnelle', { labels: ['INV-9'] }, 'http://example.test');
    const stranger = await request(h.app).get('/e/aide-exceptionnelle?label=INV-9');
    expect(stranger.status).toBe(409);
    expect(stranger.text).not.toContain(invitation.participantId);
    const invited = new Client(h);
    invited.participantId = invitation.participantId;
    await invited.current();
    const back = await invited.agent.get('/e/aide-exceptionnelle');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(invited.path);
    const backWithLabel = await invited.agent.get('/e/aide-exceptionnelle?label=INV-9');
    expect(backWithLabel.headers.location).toBe(invited.path);
  });
});

describe.each(LANGS)('the personal link on the instructions page (%s)', (_lang, acceptLanguage, _inUse, linkTitle) => {
  it.each(STUDIES)('%s: shows the full personal link with a note to keep it', async (study) => {
    const c = new Client(h, acceptLanguage);
    const instructions = await untilInstructions(c, await c.join(study));
    expect(instructions.at).toBe('instructions:0');
    expect(instructions.html).toContain(linkTitle);
    expect(instructions.html).toMatch(new RegExp(`<a href="http://127\\.0\\.0\\.1:\\d+/p/${c.participantId}">http://127\\.0\\.0\\.1:\\d+/p/${c.participantId}</a>`));
  });
});

describe('the personal link with PUBLIC_URL', () => {
  it('is built on PUBLIC_URL, not on the Host header', async () => {
    const config = loadConfig({ EXPERIMENTS_DIR: 'experiments/studies', DATA_DIR: '/nonexistent', PUBLIC_URL: 'http://etude.example.gouv.fr/' });
    const app = createApp({ config, store: h.store, registry: h.registry, secret: SECRET, now: () => h.clock.now });
    const c = new Client({ app });
    const instructions = await untilInstructions(c, await c.join('signaux-faibles'));
    expect(instructions.html).toContain(`<a href="http://etude.example.gouv.fr/p/${c.participantId}">`);
  });
});

describe('label look-ups are rate-limited', () => {
  it('answers 429 past 100 look-ups from one address in 10 minutes, and still serves requests without a label', async () => {
    const app = createApp({ config: loadConfig({ DATA_DIR: '/nonexistent' }), store: h.store, registry: h.registry, secret: SECRET, now: () => h.clock.now });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await request(app).get(`/e/signaux-faibles?label=GUESS-${i}`)).status);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    const refused = await request(app).get('/e/signaux-faibles?label=GUESS-101').set('Accept-Language', 'fr');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Trop de tentatives');
    expect((await request(app).get('/e/signaux-faibles')).status).toBe(200);
  });
});
