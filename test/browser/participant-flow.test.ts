/// <reference lib="dom" />
/**
 * Participants in Debian Chromium (playwright-core): one complete participant per bundled study in French and in
 * English (the French signaux-faibles one with the keyboard only), one with JavaScript disabled, and axe-core on every
 * page type (WCAG 2.1 A/AA rules): zero violations. Skips with a message when /usr/bin/chromium is absent.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable, fillNumbers } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';
import { snapshot } from '../participant/harness.ts';

const available = chromiumAvailable('participant browser tests');

const STUDIES = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation'] as const;

describe.skipIf(!available)('participants in Chromium', () => {
  const suite = participantSuite(STUDIES);
  /** Page types already checked by axe, with the violations found (expected: none). */
  const audited = new Map<string, string[]>();

  /**
   * A context per participant, with the server's CSP enforced: axe is evaluated through the DevTools protocol, which
   * the CSP does not govern, while the page's own script must load and run under it.
   */
  async function newParticipant(lang: 'fr' | 'en', options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context = await contextIn(suite.browser, lang, { javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/.test(msg.text())) violations.push(msg.text());
    });
    return { context, page, violations };
  }

  /** What kind of page this is, for "axe on every page type". */
  async function pageType(page: Page): Promise<string> {
    return page.evaluate(() => {
      const at = (document.querySelector('input[name=at]') as HTMLInputElement | null)?.value ?? '';
      const step = at.split(':')[0] || (document.querySelector('form') ? 'form' : 'end');
      const parts = [step];
      if (document.getElementById('advice-title')) parts.push('advice');
      if (document.querySelector('.expl-fi')) parts.push('feature-chart');
      if (document.querySelector('.expl-sim')) parts.push('similar-table');
      if (document.querySelector('.expl-cf')) parts.push('counterfactual');
      if (document.querySelector('.expl-conf')) parts.push('ai-certainty');
      if (document.querySelector('.expl-text')) parts.push('justification');
      if (document.querySelector('input[type=number]')) parts.push('number');
      if (document.querySelector('.likert')) parts.push('likert');
      if (!at) parts.push(document.querySelector('h1')?.textContent ?? '');
      return parts.join('/');
    });
  }

  async function audit(page: Page): Promise<void> {
    const type = await pageType(page);
    if (audited.has(type)) return;
    const violations = await axeViolations(page);
    audited.set(type, violations);
    expect(violations, `axe on ${type} (${page.url()})`).toEqual([]);
  }

  async function join(page: Page, study: string): Promise<string> {
    await page.goto(`${suite.base}/e/${study}`);
    await audit(page);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
    return page.url().split('/p/')[1];
  }

  /**
   * Answers the current page by clicking: the options are clicked through their labels in the page (one round trip
   * for all of them), the submit button with a real mouse click. Returns false on a page without a flow form (the end).
   */
  async function answerWithMouse(page: Page): Promise<boolean> {
    if ((await page.locator('input[name=at]').count()) === 0) return false;
    await page.$$eval('main form', (forms) => {
      for (const form of forms) {
        const groups = new Map<string, HTMLInputElement[]>();
        for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) groups.set(input.name, [...(groups.get(input.name) ?? []), input]);
        for (const [name, inputs] of groups) {
          const input = inputs[name === 'decision' ? 0 : Math.floor(inputs.length / 2)];
          (form.querySelector(`label[for="${input.id}"]`) as HTMLLabelElement).click();
        }
      }
    });
    await fillNumbers(page);
    const button = (await page.locator('button[value=accept]').count()) > 0 ? page.locator('button[value=accept]') : page.locator('main form button[type=submit]');
    await Promise.all([page.waitForNavigation(), button.click()]);
    return true;
  }

  /** Answers the current page with the keyboard only: Tab to each control, Space to choose, type numbers, Enter to send. */
  async function answerWithKeyboard(page: Page): Promise<boolean> {
    if ((await page.locator('input[name=at]').count()) === 0) return false;
    const before = await page.locator('input[name=at]').inputValue();
    const answered = new Set<string>();
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
        return a ? { tag: a.tagName, type: (a as HTMLInputElement).type, name: a.getAttribute('name') ?? '', value: (a as HTMLInputElement).value, outline: getComputedStyle(a).outlineStyle } : null;
      });
      if (!el) continue;
      // Focus is visible on every control reached by the keyboard.
      if (el.tag === 'INPUT' || el.tag === 'BUTTON' || el.tag === 'A') expect(el.outline, `${el.tag} ${el.name} focus outline`).not.toBe('none');
      if (el.tag === 'INPUT' && el.type === 'radio' && !answered.has(el.name)) {
        // Comprehension questions (q_*): the arrow key moves to and checks the second option, the right one in
        // signaux-faibles; elsewhere Space checks the first.
        await page.keyboard.press(el.name.startsWith('q_') ? 'ArrowDown' : 'Space');
        answered.add(el.name);
      } else if (el.tag === 'INPUT' && el.type === 'number') {
        await page.keyboard.type('120');
      } else if (el.tag === 'BUTTON' && el.value !== 'decline') {
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        const after = (await page.locator('input[name=at]').count()) ? await page.locator('input[name=at]').inputValue() : 'end';
        expect(after, 'the keyboard submission moved on').not.toBe(before);
        return true;
      }
    }
    throw new Error(`keyboard could not reach the submit button on ${before}`);
  }

  async function complete(page: Page, answer: (page: Page) => Promise<boolean>): Promise<number> {
    let pages = 0;
    do {
      await audit(page);
      pages++;
      if (pages > 120) throw new Error('too many pages');
    } while (await answer(page));
    return pages;
  }

  it('signaux-faibles in French, keyboard only: completes with the completion code, no CSP violation', async () => {
    // Client times prove the page's script ran under the CSP; the console shows no violation.
    const { context, page, violations } = await newParticipant('fr');
    const id = await join(page, 'signaux-faibles');
    const pages = await complete(page, answerWithKeyboard);
    expect(pages).toBeGreaterThan(40);
    expect(await page.locator('.code').textContent()).toContain('SIGNAUX-2024');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const s = await snapshot(suite.h.store, 'signaux-faibles', id);
    expect(s.participant?.status).toBe('completed');
    // JavaScript ran: client-side times are stored next to the server-side ones.
    expect(s.trials.every((t) => typeof t.clientRtMs === 'number' && t.clientRtMs >= 0)).toBe(true);
    expect(violations).toEqual([]);
    await context.close();
  }, 240_000);

  it.each([
    ['signaux-faibles', 'en'],
    ['aide-exceptionnelle', 'fr'],
    ['aide-exceptionnelle', 'en'],
    ['risque-inondation', 'fr'],
    ['risque-inondation', 'en'],
  ] as const)('%s in %s: a complete participant, axe on every page type', async (study, lang) => {
    const { context, page } = await newParticipant(lang);
    const id = await join(page, study);
    await complete(page, answerWithMouse);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect((await suite.h.store.getParticipant(id))?.status).toBe('completed');
    await context.close();
  }, 240_000);

  it('with JavaScript disabled, every step completes by plain form posts (aide-exceptionnelle)', async () => {
    const { context, page } = await newParticipant('fr', { javaScriptEnabled: false });
    // No axe here (it needs JavaScript): navigate only.
    await page.goto(`${suite.base}/e/aide-exceptionnelle`);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
    const id = page.url().split('/p/')[1];
    let pages = 0;
    while (await answerWithMouse(page)) if (++pages > 120) throw new Error('too many pages');
    const s = await snapshot(suite.h.store, 'aide-exceptionnelle', id);
    expect(s.participant?.status).toBe('completed');
    expect(s.trials.length).toBeGreaterThan(15);
    expect(s.trials.every((t) => t.clientRtMs === undefined && t.serverRtMs >= 0)).toBe(true);
    await context.close();
  }, 240_000);

  it('every explanation type passes axe (one participant per condition up to its first advice)', async () => {
    for (const study of ['signaux-faibles', 'aide-exceptionnelle'] as const) {
      for (let i = 0; i < (study === 'signaux-faibles' ? 4 : 6); i++) {
        const { context, page } = await newParticipant(i % 2 ? 'en' : 'fr');
        await join(page, study);
        for (let guard = 0; guard < 30 && !(await page.locator('#advice-title').count()); guard++) await answerWithMouse(page);
        await audit(page);
        await context.close();
      }
    }
    const types = [...audited.keys()].join(' ');
    for (const part of ['feature-chart', 'similar-table', 'counterfactual', 'ai-certainty', 'justification']) {
      expect(types).toContain(part);
    }
  }, 240_000);

  it('the back button and a second tab always show the current page; a stale tab cannot change an answer', async () => {
    const { context, page } = await newParticipant('fr');
    const id = await join(page, 'signaux-faibles');
    await answerWithMouse(page);
    const second = await context.newPage();
    await second.goto(`${suite.base}/p/${id}`);
    expect(await second.locator('input[name=at]').inputValue()).toBe('questionnaires:0');
    // Back from the questionnaire: the page is not cached (no-store), the server shows the current page again.
    await page.goBack();
    await page.waitForLoadState('load');
    expect(await page.locator('input[name=at]').inputValue()).toBe('questionnaires:0');
    // Reach the first decision in the first tab, open it in the second tab too.
    while (!(await page.locator('input[name=decision]').count())) await answerWithMouse(page);
    await second.reload();
    const at = await page.locator('input[name=at]').inputValue();
    expect(await second.locator('input[name=at]').inputValue()).toBe(at);
    await answerWithMouse(page);
    // The second tab answers the same page differently: refused, the first answer is kept.
    await second.locator('label[for="decision-1"]').click();
    for (const radio of await second.locator('input[name=certainty]').all()) await radio.check();
    await Promise.all([second.waitForNavigation(), second.locator('main form button[type=submit]').click()]);
    expect(await second.locator('h1').textContent()).toBe('Déjà répondu');
    // (the first decision page is the first practice trial)
    const records = (await snapshot(suite.h.store, 'signaux-faibles', id)).trials;
    expect(records.map((t) => [t.practice, t.trialIndex, t.phase, t.decision])).toEqual([[true, 0, 'initial', 'contacter']]);
    await context.close();
  }, 120_000);

  it('withdrawal, decline and unknown-link pages pass axe', async () => {
    const { context, page } = await newParticipant('fr');
    await join(page, 'signaux-faibles');
    await page.getByRole('link', { name: "Arrêter et me retirer de l'étude" }).click();
    await audit(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirmer mon retrait' }).click()]);
    expect(await page.locator('h1').textContent()).toContain('retiré');
    await audit(page);
    // The same browser on the open link goes back to its own (withdrawn) participant, never a new one.
    await page.goto(`${suite.base}/e/signaux-faibles`);
    expect(await page.locator('h1').textContent()).toContain('retiré');
    await context.close();
    const second = await newParticipant('fr');
    await join(second.page, 'signaux-faibles');
    await Promise.all([second.page.waitForNavigation(), second.page.locator('button[value=decline]').click()]);
    expect(await second.page.locator('h1').textContent()).toBe('Merci');
    await audit(second.page);
    await second.page.goto(`${suite.base}/p/AAAAAAAAAAAAAAAAAAAAAA`);
    await audit(second.page);
    await second.context.close();
    // A label already in use, from another browser: the "number in use" page (409), which passes axe too.
    const labelled = await newParticipant('fr');
    await labelled.page.goto(`${suite.base}/e/signaux-faibles?label=AXE-1`);
    await Promise.all([labelled.page.waitForNavigation(), labelled.page.locator('form button[type=submit]').first().click()]);
    await labelled.context.close();
    const stranger = await newParticipant('en');
    const response = await stranger.page.goto(`${suite.base}/e/signaux-faibles?label=AXE-1`);
    expect(response?.status()).toBe(409);
    expect(await stranger.page.locator('h1').textContent()).toBe('This number is already in use');
    await audit(stranger.page);
    await stranger.context.close();
    for (const [type, violations] of audited) expect(violations, type).toEqual([]);
  }, 120_000);
});
