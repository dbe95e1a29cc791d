/// <reference lib="dom" />
/**
 * The flows of a study run with real participants, in Chromium with axe-core (WCAG 2.1 A/AA, zero violations), in
 * both languages: a Prolific link, the structured consent information and its printable copy, the comprehension
 * check (a failed try, then the screen-out page), declining with the platform's code, and the debrief with the
 * payment, the completion code and the link back to Prolific. Skips with a message when Chromium is absent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';

const available = chromiumAvailable('recruitment browser tests');

describe.skipIf(!available)('a Prolific study in Chromium', () => {
  const suite = participantSuite(['signaux-faibles']);

  async function open(lang: 'fr' | 'en', path: string): Promise<Page> {
    const context = await contextIn(suite.browser, lang);
    const page = await context.newPage();
    await page.goto(`${suite.base}${path}`);
    return page;
  }

  async function expectNoAxeViolation(page: Page, what: string): Promise<void> {
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  async function submit(page: Page, selector = 'main form button[type=submit]'): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
  }

  /** Clicks one option per radio group: `pick` chooses its index (by group name). */
  async function choose(page: Page, pick: (name: string, count: number) => number): Promise<void> {
    const groups = await page.$$eval('main form input[type=radio]', (inputs) => {
      const g: Record<string, string[]> = {};
      for (const i of inputs as HTMLInputElement[]) (g[i.name] ??= []).push(i.id);
      return g;
    });
    for (const [name, ids] of Object.entries(groups)) await page.locator(`label[for="${ids[pick(name, ids.length)]}"]`).click();
    if ((await page.locator('input[type=number]').count()) > 0) await page.locator('input[type=number]').fill('120');
  }

  /** From the consent page to the comprehension check (consent accepted, questionnaire and instructions answered). */
  async function toComprehension(page: Page): Promise<void> {
    await submit(page, 'button[value=accept]');
    await choose(page, (_n, count) => Math.floor(count / 2));
    await submit(page);
    await submit(page);
    expect(await page.locator('input[name=at]').inputValue()).toBe('instructions:1');
  }

  it.each(['fr', 'en'] as const)('(%s) consent information, its printable copy, a failed comprehension try, then the screen-out page', async (lang) => {
    const page = await open(lang, `/e/signaux-faibles?PROLIFIC_PID=${lang === 'fr' ? 'a' : 'b'}bcdefabcdefabcdefabcdef0`);
    await expectNoAxeViolation(page, 'welcome');
    await submit(page);
    expect(await page.locator('.information dt').count()).toBe(12);
    await expectNoAxeViolation(page, 'consent with information');
    const copy = await page.context().newPage();
    await copy.goto(`${suite.base}${await page.locator('.print-link a').getAttribute('href')}`);
    expect(await copy.locator('.information dt').count()).toBe(12);
    // The printable copy hides the banner, the links and the footer on paper.
    await copy.emulateMedia({ media: 'print' });
    expect(await copy.locator('.banner').isVisible()).toBe(false);
    expect(await copy.locator('.information').isVisible()).toBe(true);
    await copy.emulateMedia({ media: 'screen' });
    await expectNoAxeViolation(copy, 'printable information');

    await toComprehension(page);
    await expectNoAxeViolation(page, 'comprehension check');
    await choose(page, () => 0);
    await submit(page);
    expect(await page.locator('[role=status]').textContent()).toMatch(lang === 'fr' ? /dernier essai/ : /last try/);
    await expectNoAxeViolation(page, 'comprehension retry');
    await choose(page, () => 0);
    await submit(page);
    expect(await page.locator('.end-code').textContent()).toContain('SF-SCREENED');
    expect(await page.locator('a.platform-link').getAttribute('href')).toBe('https://app.prolific.com/submissions/complete?cc=SF-SCREENED');
    await expectNoAxeViolation(page, 'screened out');
    await page.context().close();
  }, 120_000);

  it.each(['fr', 'en'] as const)('(%s) declining consent shows the no-consent code and the way back to Prolific', async (lang) => {
    const page = await open(lang, `/e/signaux-faibles?PROLIFIC_PID=${lang === 'fr' ? 'c' : 'd'}bcdefabcdefabcdefabcdef0`);
    await submit(page);
    await submit(page, 'button[value=decline]');
    expect(await page.locator('.end-code').textContent()).toContain('SF-NOCONSENT');
    await expectNoAxeViolation(page, 'declined with code');
    await page.context().close();
  }, 60_000);

  it('(en) a complete Prolific participant: the debrief shows the payment, the completion code and the link back', async () => {
    const page = await open('en', '/e/signaux-faibles?PROLIFIC_PID=eeeeeeeeeeeeeeeeeeeeeeee&STUDY_ID=study1&SESSION_ID=session1');
    await submit(page);
    await toComprehension(page);
    await choose(page, () => 1);
    await submit(page);
    for (let guard = 0; guard < 120 && (await page.locator('input[name=at]').count()) > 0; guard++) {
      await choose(page, (name, count) => (name === 'decision' ? 0 : Math.floor(count / 2)));
      await submit(page);
    }
    expect(await page.locator('main').textContent()).toMatch(/For taking part: £3\.75/);
    expect(await page.locator('.bonus').textContent()).toMatch(/Your bonus: £\d\.\d\d \(\d+ right final decisions out of 20\)/);
    expect(await page.locator('.code').first().textContent()).toContain('SIGNAUX-2024');
    expect(await page.locator('a.platform-link').getAttribute('href')).toBe('https://app.prolific.com/submissions/complete?cc=SIGNAUX-2024');
    await expectNoAxeViolation(page, 'debrief with payment');
    await page.context().close();
  }, 240_000);
});
