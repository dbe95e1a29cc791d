/// <reference lib="dom" />
/**
 * The questionnaire pages of issue 14 in Chromium, in French and in English: NASA-TLX (21 marks per rating, its own
 * end labels for Performance) and a page with every generic question type (aide-exceptionnelle's "profil"). axe-core
 * finds no WCAG 2.1 A/AA violation; the choices are fieldsets with a legend and each field has a label and its hint
 * tied to it (aria-describedby); a number out of range is stopped by the browser on that very field; a forged answer
 * (the limits removed from the page) gets the server's 400: the same page, the problem named above the form and every
 * answer as sent, which corrected is stored; with JavaScript disabled the
 * page submits by a plain form post and its answers are stored. Skips when /usr/bin/chromium is absent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable, fillNumbers } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';
import { snapshot } from '../participant/harness.ts';

const available = chromiumAvailable('question page browser tests');
const STUDY = 'aide-exceptionnelle';

describe.skipIf(!available)('questionnaire pages in Chromium', () => {
  const suite = participantSuite([STUDY]);

  async function newPage(lang: 'fr' | 'en', javaScriptEnabled = true): Promise<Page> {
    const context = await contextIn(suite.browser, lang, { javaScriptEnabled });
    return context.newPage();
  }

  /** Joins and answers (middle option, numbers in range) until a page matching `until` is shown. */
  async function walkTo(page: Page, until: (html: string) => boolean): Promise<string> {
    await page.goto(`${suite.base}/e/${STUDY}`);
    await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
    const id = page.url().split('/p/')[1];
    for (let i = 0; i < 80 && !until(await page.content()); i++) {
      for (const group of await page.locator('main form fieldset:has(input[type=radio])').all()) {
        const radios = await group.locator('input[type=radio]').all();
        await radios[Math.floor(radios.length / 2)].check();
      }
      await fillNumbers(page);
      const button = (await page.locator('button[value=accept]').count()) > 0 ? page.locator('button[value=accept]') : page.locator('main form button[type=submit]');
      await Promise.all([page.waitForNavigation(), button.click()]);
    }
    expect(until(await page.content())).toBe(true);
    return id;
  }

  const isProfile = (html: string) => html.includes('data-question-type');
  const isTlx = (html: string) => html.includes('name="item_tlx_mental"');

  it.each(['fr', 'en'] as const)('(%s) NASA-TLX: 21 marks 0-100 per rating, Performance from Perfect to Failure, no axe violation', async (lang) => {
    const page = await newPage(lang);
    await walkTo(page, isTlx);
    expect(await axeViolations(page)).toEqual([]);
    const values = await page.locator('input[name=item_tlx_mental]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values).toEqual(Array.from({ length: 21 }, (_, i) => String(5 * i)));
    const performance = await page.locator('fieldset:has(input[name=item_tlx_performance]) .anchor').allTextContents();
    expect(performance).toEqual(lang === 'fr' ? ['Parfaite', 'Échec'] : ['Perfect', 'Failure']);
    await page.context().close();
  }, 240_000);

  it.each(['fr', 'en'] as const)('(%s) every question type: accessible, limits checked by the browser on the field, forged answers refused by the server', async (lang) => {
    const page = await newPage(lang);
    const id = await walkTo(page, isProfile);
    expect(await axeViolations(page)).toEqual([]);
    // Choices: a fieldset whose legend is the question; fields: a label, and the hint tied to the field.
    expect(await page.locator('fieldset[data-question-type=single_choice] > legend').textContent()).toContain(lang === 'fr' ? 'Quelle est votre fonction' : 'What is your role?');
    expect(await page.locator('fieldset[data-question-type=multiple_choice] input[type=checkbox]').count()).toBe(3);
    const years = page.getByLabel(lang === 'fr' ? /années travaillez-vous/ : /how many years/);
    const hintId = await years.getAttribute('aria-describedby');
    expect(await page.locator(`#${hintId}`).textContent()).toBe(lang === 'fr' ? 'Un nombre de 0 à 45.' : 'A number from 0 to 45.');
    await expect(page.getByLabel(lang === 'fr' ? /Un commentaire/ : /Any comment/).getAttribute('maxlength')).resolves.toBe('200');

    // The browser stops an out-of-range number on the field itself, before anything is sent.
    await page.locator('input[name=q_fonction]').first().check();
    await years.fill('99');
    await page.locator('main form button[type=submit]').click();
    expect(await years.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true);
    expect(page.url()).toContain(`/p/${id}`);

    // A forged page (limits removed): the server refuses it with a 400 page naming the question, stores nothing.
    await years.evaluate((el) => el.removeAttribute('max'));
    const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    expect(response?.status()).toBe(400);
    expect(await page.locator('main').textContent()).toMatch(lang === 'fr' ? /années travaillez-vous.*de 0 à 45/s : /how many years.*from 0 to 45/s);
    expect(await axeViolations(page)).toEqual([]);
    expect((await snapshot(suite.h.store, STUDY, id)).responses.filter((r) => r.scale === 'profil')).toEqual([]);
    // It is the same page again, what was wrong announced above the form, every answer as it was sent.
    expect(await page.locator('#problems[role=alert]').count()).toBe(1);
    await expect(years.inputValue()).resolves.toBe('99');
    expect(await page.locator('input[name=q_fonction]').first().isChecked()).toBe(true);
    await years.fill('9');
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    expect(page.url()).toContain(`/p/${id}`);
    const stored = (await snapshot(suite.h.store, STUDY, id)).responses.filter((r) => r.scale === 'profil').map((r) => [r.item, r.value]);
    expect(stored).toContainEqual(['anciennete', 9]);
    await page.context().close();
  }, 240_000);

  it('with JavaScript disabled, the page of questions submits by a plain form post and is stored', async () => {
    const page = await newPage('fr', false);
    const id = await walkTo(page, isProfile);
    await page.locator('input[name=q_fonction][value=encadrant]').check();
    await page.locator('input[name=q_outils][value=tableur]').check();
    await page.locator('input[name=q_outils][value=outil_ia]').check();
    await page.locator('input[name=q_anciennete]').fill('7');
    await page.locator('textarea[name=q_commentaire]').fill('Étude claire.');
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    const stored = (await snapshot(suite.h.store, STUDY, id)).responses.filter((r) => r.scale === 'profil').map((r) => [r.item, r.value, r.text ?? null]);
    expect(stored).toEqual([
      ['anciennete', 7, null],
      ['commentaire', 13, 'Étude claire.'],
      ['fonction', 2, 'encadrant'],
      ['outils', 2, 'tableur outil_ia'],
    ]);
    await page.context().close();
  }, 240_000);
});
