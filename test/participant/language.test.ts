/**
 * The participant's language: invited participants (created before their first visit, with the study's first
 * language) get their browser's language on their first page; `?lang=` switches any page; the choice is stored with
 * the next answer (a GET never stores anything but the visit); every page of a two-language study offers the switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinParticipant } from '../../server/participant/join.ts';
import { Client, defaultAnswers, startHarness, walkToEnd, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles']);
});
afterAll(async () => {
  await h.close();
});

async function invite(): Promise<Client> {
  const running = await h.registry.running('signaux-faibles');
  const p = await joinParticipant(h.store, running!.experiment, { language: 'fr', invited: true }, h.clock.now);
  const c = new Client(h, 'en-GB,en;q=0.9,fr;q=0.5');
  c.participantId = p!.id;
  return c;
}

const language = async (c: Client) => (await h.store.getParticipant(c.participantId))?.language;

describe('invited participants', () => {
  it('see their first page in the browser language, stored with their consent', async () => {
    const c = await invite();
    const consent = await c.current();
    expect(consent.html).toContain('<html lang="en">');
    expect(consent.html).toContain('Do you agree to take part?');
    expect(await language(c)).toBe('fr');
    const next = await c.answer(consent, defaultAnswers(consent));
    expect(next.html).toContain('<html lang="en">');
    expect(await language(c)).toBe('en');
    // From then on the stored language holds, whatever the browser says.
    const french = new Client(h, 'fr-FR');
    french.participantId = c.participantId;
    expect((await french.current()).html).toContain('<html lang="en">');
  });

  it('may choose with ?lang= on the first page, among the study languages only', async () => {
    const c = await invite();
    expect((await c.get(`${c.path}?lang=fr`)).html).toContain('<html lang="fr">');
    expect((await c.get(`${c.path}?lang=de`)).html).toContain('<html lang="en">');
  });
});

describe('a later ?lang=', () => {
  it('switches the page at once and is stored with the next answer', async () => {
    const c = new Client(h, 'fr-FR');
    const consent = await c.join('signaux-faibles');
    const english = await c.get(`${c.path}?lang=en`);
    expect(english.html).toContain('<html lang="en">');
    // The form keeps the choice for its answer; the way back to French is offered.
    expect(english.html).toContain(`<form method="post" action="${c.path}?lang=en">`);
    expect(english.html).toContain(`<a href="${c.path}?lang=fr" lang="fr" hreflang="fr">Français</a>`);
    expect(await language(c)).toBe('fr');
    const res = await c.post(`${c.path}?lang=en`, { ...consent.hidden, choice: 'accept' });
    expect(res.status).toBe(303);
    expect(await language(c)).toBe('en');
    const next = await c.current();
    expect(next.html).toContain('<html lang="en">');
    expect(next.html).toContain(`<form method="post" action="${c.path}">`);
  });

  it('is not stored by an answer that is refused', async () => {
    const c = new Client(h, 'fr-FR');
    const consent = await c.join('signaux-faibles');
    const res = await c.post(`${c.path}?lang=en`, { ...consent.hidden, choice: 'maybe' });
    expect(res.status).toBe(400);
    expect(res.html).toContain('<html lang="en">');
    expect(await language(c)).toBe('fr');
  });
});

describe('the language switch', () => {
  it('is on every page of a two-language study, named in its own language', async () => {
    const c = new Client(h, 'fr-FR');
    const welcome = await c.get('/e/signaux-faibles');
    expect(welcome.html).toContain('<nav class="lang-switch" aria-label="Langue"><a href="/e/signaux-faibles?lang=en" lang="en" hreflang="en">English</a></nav>');
    let pages = 0;
    const { last } = await walkToEnd(c, await c.join('signaux-faibles'), (page) => {
      pages += 1;
      expect(page.html, page.at ?? '').toContain(`<a href="${c.path}?lang=en" lang="en" hreflang="en">English</a>`);
    });
    expect(pages).toBeGreaterThan(20);
    expect(last.html).toContain(`<a href="${c.path}?lang=en" lang="en" hreflang="en">English</a>`);
    const withdraw = await c.get(`${c.path}/withdraw`);
    expect(withdraw.html).toContain(`<a href="${c.path}/withdraw?lang=en" lang="en" hreflang="en">English</a>`);
  });
});
