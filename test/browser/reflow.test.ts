/// <reference lib="dom" />
/**
 * Reflow (WCAG 1.4.10) of the pages with the most to show: the feature-importance chart (signaux-faibles, points for
 * and against; risque-inondation, households) and the similar-cases table, in French and English, at 1000 px and at
 * 320 px (a phone, or 1280 px at 400 % zoom): no horizontal scrolling, and every word of the chart inside the chart.
 * Skips with a message when /usr/bin/chromium is absent.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium.ts';
import { participantSuite } from './participant-suite.ts';
import { Client, defaultAnswers, type Page } from '../participant/harness.ts';

const available = chromiumAvailable('reflow browser tests');

describe.skipIf(!available)('reflow of explanation pages in Chromium', () => {
  const suite = participantSuite(['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation']);

  /** A participant's path at the first page showing `marker` (joins until the balanced assignment gives one). */
  async function pageWith(study: string, marker: string): Promise<string> {
    for (let i = 0; i < 12; i++) {
      const c = new Client(suite.h);
      let page: Page = await c.join(study);
      for (let guard = 0; page.at !== null && guard < 80; guard++) {
        if (page.html.includes(marker)) return c.path;
        page = await c.answer(page, defaultAnswers(page));
      }
    }
    throw new Error(`no page with ${marker} in ${study}`);
  }

  const cases = [
    ['signaux-faibles', 'class="expl-fi"'],
    ['risque-inondation', 'class="expl-fi"'],
    ['aide-exceptionnelle', 'class="expl-sim"'],
  ] as const;

  it.each(cases)('%s (%s): fits at 1000 and 320 px in fr and en', async (study, marker) => {
    const path = await pageWith(study, marker);
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      for (const lang of ['fr', 'en']) {
        for (const width of [1000, 320]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${suite.base}${path}?lang=${lang}`);
          const where = `${study} ${lang} ${width}px`;
          const m = await page.evaluate(() => {
            const doc = document.documentElement;
            const box = (document.querySelector('.expl-fi, .expl-sim') as HTMLElement).getBoundingClientRect();
            const words = [...document.querySelectorAll<HTMLElement>('.fi-label, .fi-value, .expl-sim td, .expl-fi td, .expl-fi tbody th')];
            return {
              pageOverflow: doc.scrollWidth - doc.clientWidth,
              outside: words
                .filter((el) => {
                  const r = el.getBoundingClientRect();
                  return r.left < box.left - 0.5 || r.right > box.right + 0.5 || el.scrollWidth > el.clientWidth + 1;
                })
                .map((el) => el.textContent),
              words: words.length,
              valueFont: parseFloat(getComputedStyle(document.querySelector('.fi-value') ?? document.body).fontSize),
            };
          });
          expect(m.pageOverflow, `${where}: horizontal scrolling`).toBeLessThanOrEqual(0);
          expect(m.outside, `${where}: text outside its box`).toEqual([]);
          expect(m.words, where).toBeGreaterThan(4);
          // The values are text of the page, not shrunk with a scaled drawing.
          expect(m.valueFont, where).toBeGreaterThanOrEqual(14);
        }
      }
    } finally {
      await context.close();
    }
  });
});
