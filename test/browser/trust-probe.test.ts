/// <reference lib="dom" />
/**
 * The in-task trust probe in Debian Chromium, in French and in English: axe-core (WCAG 2.1 A/AA) finds no violation on
 * a decision page carrying the probe (binary with self-confidence; numeric with a 5-point scale), the probe is answered
 * with the keyboard only, and the ratings are stored with the decision. Skips when /usr/bin/chromium is absent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';
import { snapshot } from '../participant/harness.ts';
import { probeStudies } from '../trust/probe-studies.ts';

const available = chromiumAvailable('trust probe browser tests');

describe.skipIf(!available)('the trust probe in Chromium', () => {
  const suite = participantSuite(['signaux-faibles', 'risque-inondation'], { prepare: () => probeStudies(['signaux-faibles', 'risque-inondation']) });

  /** Answers the current page by clicking (middle points, first decision option, 120 in a number field). */
  async function answerWithMouse(page: Page): Promise<void> {
    await page.$$eval('main form', (forms) => {
      for (const form of forms) {
        const groups = new Map<string, HTMLInputElement[]>();
        for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) groups.set(input.name, [...(groups.get(input.name) ?? []), input]);
        for (const [name, inputs] of groups) {
          const input = inputs[name === 'decision' ? 0 : name.startsWith('q_') ? 1 : Math.floor(inputs.length / 2)];
          (form.querySelector(`label[for="${input.id}"]`) as HTMLLabelElement).click();
        }
      }
    });
    if ((await page.locator('input[type=number]').count()) > 0) await page.locator('input[type=number]').fill('400');
    const button = (await page.locator('button[value=accept]').count()) > 0 ? page.locator('button[value=accept]') : page.locator('main form button[type=submit]');
    await Promise.all([page.waitForNavigation(), button.click()]);
  }

  /** Checks each radio group's LAST option with the keyboard (Tab to the group, ArrowUp wraps), types a number, presses Enter. */
  async function answerWithKeyboard(page: Page): Promise<void> {
    const answered = new Set<string>();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement as HTMLInputElement | null;
        return a ? { tag: a.tagName, type: a.type, name: a.getAttribute('name') ?? '' } : null;
      });
      if (el?.tag === 'INPUT' && el.type === 'radio' && !answered.has(el.name)) {
        await page.keyboard.press('ArrowUp'); // from the first option, wraps to the last and checks it
        answered.add(el.name);
      } else if (el?.tag === 'INPUT' && el.type === 'number') {
        await page.keyboard.type('400');
      } else if (el?.tag === 'BUTTON') {
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        return;
      }
    }
    throw new Error('the keyboard did not reach the submit button');
  }

  it.each([
    ['signaux-faibles', 'fr', 7, 'Dans quelle mesure avez-vous confiance en vos propres décisions à présent ?'],
    ['signaux-faibles', 'en', 7, 'How confident are you in your own decisions now?'],
    ['risque-inondation', 'fr', 5, null],
    ['risque-inondation', 'en', 5, null],
  ] as const)('%s in %s: axe finds nothing on the probe page, which the keyboard answers', async (study, lang, points, selfQuestion) => {
    const context = await contextIn(suite.browser, lang);
    const page = await context.newPage();
    await page.goto(`${suite.base}/e/${study}`);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
    const id = page.url().split('/p/')[1];
    for (let guard = 0; (await page.locator('input[name=trust_rating]').count()) === 0; guard++) {
      if (guard > 60) throw new Error('no probe page reached');
      await answerWithMouse(page);
    }
    expect(await page.locator('input[name=trust_rating]').count()).toBe(points);
    const legends = await page.locator('fieldset.probe legend').allTextContents();
    expect(legends[0]).toBe(lang === 'fr' ? "Dans quelle mesure faites-vous confiance aux recommandations de l'IA à présent ?" : "How much do you trust the AI's recommendations now?");
    expect(legends[1] ?? null).toBe(selfQuestion);
    expect(await axeViolations(page)).toEqual([]);
    await answerWithKeyboard(page);
    const rated = (await snapshot(suite.h.store, study, id)).trials.filter((t) => t.trustRating !== undefined);
    expect(rated.map((t) => [t.trustRating, t.selfConfidenceRating ?? null])).toEqual([[points, selfQuestion ? 7 : null]]);
    await context.close();
  }, 240_000);
});
