/// <reference lib="dom" />
/**
 * The legally mandated explanation (legal_crpa, test study fixtures/studies/sim-crpa) in Chromium, in French and
 * English, at 360 px (a phone) and 1280 px: axe finds no WCAG 2.1 A/AA violation, the page does not scroll sideways,
 * the four parts of article R311-3-1-2 are headings under the explanation's title, and every parameter's direction is
 * written in words. Skips with a message when /usr/bin/chromium is absent.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { participantSuite } from './participant-suite.ts';
import { Client, defaultAnswers, type Page } from '../participant/harness.ts';

const available = chromiumAvailable('legal_crpa browser tests');
const MARKER = 'class="expl-crpa"';

describe.skipIf(!available)('legal_crpa explanation in Chromium', () => {
  const suite = participantSuite(['sim-crpa'], { dir: 'test/simulate/fixtures/studies' });

  /** A participant's path at the first page showing the legal_crpa explanation (joins until assigned to it). */
  async function crpaPage(): Promise<string> {
    for (let i = 0; i < 6; i++) {
      const c = new Client(suite.h);
      let page: Page = await c.join('sim-crpa');
      for (let guard = 0; page.at !== null && guard < 40; guard++) {
        if (page.html.includes(MARKER)) return c.path;
        page = await c.answer(page, defaultAnswers(page));
      }
    }
    throw new Error('no page with the legal_crpa explanation');
  }

  it('is axe-clean, fits at 360 and 1280 px, and reads as four headed parts in fr and en', async () => {
    const path = await crpaPage();
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      for (const lang of ['fr', 'en'] as const) {
        for (const width of [360, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${suite.base}${path}?lang=${lang}`);
          const where = `${lang} ${width}px`;
          expect(await page.getAttribute('html', 'lang'), where).toBe(lang);
          expect(await axeViolations(page), where).toEqual([]);
          const m = await page.evaluate(() => {
            const section = document.querySelector('.expl-crpa') as HTMLElement;
            const box = section.getBoundingClientRect();
            return {
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              title: section.querySelector('h3')?.textContent ?? '',
              parts: [...section.querySelectorAll('h4')].map((el) => el.textContent ?? ''),
              outside: [...section.querySelectorAll<HTMLElement>('tbody td, tbody th, li, p')]
                .filter((el) => el.getBoundingClientRect().right > box.right + 0.5 || el.scrollWidth > el.clientWidth + 1)
                .map((el) => el.textContent),
              weights: [...section.querySelectorAll('table')[1].querySelectorAll('tbody td:nth-of-type(2)')].map((el) => el.textContent ?? ''),
              operations: section.querySelectorAll('ol > li').length,
            };
          });
          expect(m.overflow, `${where}: horizontal scrolling`).toBeLessThanOrEqual(0);
          expect(m.outside, `${where}: text outside the explanation`).toEqual([]);
          expect(m.title, where).toBe(lang === 'fr' ? 'Informations sur le traitement algorithmique' : 'Information on the algorithmic processing');
          expect(m.parts.map((p) => p.slice(0, 2)), where).toEqual(['1°', '2°', '3°', '4°']);
          // The bank's own advice is weighed on headcount and debt ratio (its contrib_* columns), any other advice on
          // the three fields (derived weights); the participant, hence the trial, is drawn at random.
          expect([2, 3], where).toContain(m.weights.length);
          const words = lang === 'fr' ? /(pour|contre) la recommandation$/ : /(for|against) the recommendation$/;
          for (const w of m.weights) expect(w, where).toMatch(words);
          expect(m.operations, where).toBe(4);
        }
      }
    } finally {
      await context.close();
    }
  });
});
