/// <reference lib="dom" />
/**
 * Cognitive forcing and outcome feedback in Debian Chromium, in French and in English, axe-core (WCAG 2.1 A/AA) on
 * each new page: the "see the recommendation" button reached and pressed with the keyboard, then the trial feedback;
 * a delayed advice with its polite countdown that shows the advice by itself (JavaScript), and by its link without
 * JavaScript; the block summary. Fixture variants of the bundled studies (test/participant/forcing-variants.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';
import { snapshot } from '../participant/harness.ts';
import { writeVariant } from '../participant/forcing-variants.ts';

const available = chromiumAvailable('cognitive forcing browser tests');

describe.skipIf(!available)('cognitive forcing in Chromium', () => {
  const suite = participantSuite(['ask-browser', 'wait-browser'], {
    async prepare() {
      const dir = await mkdtemp(join(tmpdir(), 'confiance-forcing-browser-'));
      await writeVariant(dir, 'aide-exceptionnelle', 'ask-browser', { forcing: { levels: { on_request: { advice_timing: { mode: 'on_request' }, outcome_feedback: { type: 'trial' } } } } }, { practice: { count: 0, feedback: false } });
      await writeVariant(dir, 'signaux-faibles', 'wait-browser', { forcing: { levels: { delayed: { advice_timing: { mode: 'delayed', delay_s: 2 }, outcome_feedback: { type: 'block', every: 2 } } } } }, { practice: { count: 0, feedback: false } });
      return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
    },
  });

  async function newParticipant(lang: 'fr' | 'en', javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
    const context = await contextIn(suite.browser, lang, { javaScriptEnabled });
    return { context, page: await context.newPage() };
  }

  async function expectNoViolations(page: Page, what: string): Promise<void> {
    expect(await axeViolations(page), `axe on ${what} (${page.url()})`).toEqual([]);
  }

  /** Answers the page's decision form (or its only form) with the mouse; false on a page without a flow form. */
  async function answer(page: Page): Promise<boolean> {
    if ((await page.locator('input[name=at]').count()) === 0) return false;
    const form = (await page.locator('form.decision').count()) > 0 ? 'form.decision' : 'main form';
    await page.$$eval(form, (forms) => {
      for (const f of forms) {
        const groups = new Map<string, HTMLInputElement[]>();
        for (const input of f.querySelectorAll<HTMLInputElement>('input[type=radio]')) groups.set(input.name, [...(groups.get(input.name) ?? []), input]);
        for (const [name, inputs] of groups) (f.querySelector(`label[for="${inputs[name === 'decision' ? 0 : Math.floor(inputs.length / 2)].id}"]`) as HTMLLabelElement).click();
      }
    });
    const accept = page.locator('button[value=accept]');
    const button = (await accept.count()) > 0 ? accept : page.locator(`${form} button[type=submit]`).first();
    await Promise.all([page.waitForNavigation(), button.click()]);
    return true;
  }

  async function joinStudy(page: Page, study: string): Promise<string> {
    await page.goto(`${suite.base}/e/${study}`);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
    return page.url().split('/p/')[1];
  }

  /** Answers pages until one matches `selector` (a request button, a wait...). */
  async function answerUntil(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      if ((await page.locator(selector).count()) > 0) return;
      suite.h.clock.advance(4000);
      if (!(await answer(page))) break;
    }
    throw new Error(`no page with ${selector}`);
  }

  it.each(['fr', 'en'] as const)('(%s) advice on request: the button by keyboard, the advice, then the trial feedback', async (lang) => {
    const { context, page } = await newParticipant(lang);
    const id = await joinStudy(page, 'ask-browser');
    await answerUntil(page, 'button[name=request_advice]');
    await expectNoViolations(page, 'advice on request, not asked');
    expect(await page.locator('.recommendation').count()).toBe(0);
    // Keyboard: Tab until the request button has the focus, then Enter.
    for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.getAttribute('name') === 'request_advice')); i++) await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('.recommendation').count()).toBe(1);
    await expectNoViolations(page, 'advice on request, shown');
    await answer(page);
    expect(await page.locator('h1').textContent()).toContain(lang === 'fr' ? 'la bonne réponse' : 'the right answer');
    await expectNoViolations(page, 'trial feedback');
    const s = await snapshot(suite.h.store, 'ask-browser', id);
    expect(s.trials.filter((t) => !t.practice).map((t) => t.adviceRequested)).toEqual([true]);
    await context.close();
  }, 120_000);

  it.each(['fr', 'en'] as const)('(%s) delayed advice: a polite countdown, the advice by itself, then the block summary', async (lang) => {
    const { context, page } = await newParticipant(lang);
    const id = await joinStudy(page, 'wait-browser');
    for (let trial = 0; trial < 2; trial++) {
      await answerUntil(page, '[data-advice-wait]');
      if (trial === 0) {
        await expectNoViolations(page, 'waiting for the advice');
        expect(await page.locator('[data-countdown]').getAttribute('aria-live')).toBe('polite');
        expect(await page.locator('form.decision fieldset[disabled]').count()).toBe(1);
      }
      // The server's clock passes the delay; the page's script shows the advice after its own countdown (2 s).
      suite.h.clock.advance(2500);
      await page.waitForSelector('.recommendation', { timeout: 10_000 });
      if (trial === 0) await expectNoViolations(page, 'delayed advice shown');
      await answer(page);
    }
    await page.waitForSelector('.block-summary');
    await expectNoViolations(page, 'block summary');
    const s = await snapshot(suite.h.store, 'wait-browser', id);
    expect(s.trials.filter((t) => t.phase === 'final').map((t) => [t.adviceDelayS, t.feedbackAfter])).toEqual([[2, undefined], [2, 'block']]);
    await context.close();
  }, 120_000);

  it('delayed advice without JavaScript: the "show" link after the wait brings the advice', async () => {
    const { context, page } = await newParticipant('fr', false);
    await joinStudy(page, 'wait-browser');
    await answerUntil(page, '[data-advice-wait]');
    suite.h.clock.advance(1000);
    // Too early: the link shows the same wait, with the time left.
    await Promise.all([page.waitForNavigation(), page.locator('[data-advice-show]').click()]);
    expect(await page.locator('[data-advice-wait]').getAttribute('data-advice-wait')).toBe('1');
    suite.h.clock.advance(1500);
    await Promise.all([page.waitForNavigation(), page.locator('[data-advice-show]').click()]);
    expect(await page.locator('.recommendation').count()).toBe(1);
    expect(await answer(page)).toBe(true);
    await context.close();
  }, 120_000);
});
