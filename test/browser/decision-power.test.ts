/// <reference lib="dom" />
/**
 * Decision power in Debian Chromium (controle-sanitaire, ia+justifiee): the page where the AI's proposal is applied
 * unless overridden, the justification page, and its refusal when the justification is too short, in French and in
 * English, with axe-core (WCAG 2.1 A/AA) on each: zero violations. A participant goes to the end; what they did is
 * stored. Skips with a message when /usr/bin/chromium is absent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { contextIn, participantSuite } from './participant-suite.ts';
import { snapshot } from '../participant/harness.ts';

const available = chromiumAvailable('decision-power browser tests');
const STUDY = 'controle-sanitaire';

describe.skipIf(!available)('decision power in Chromium', () => {
  const suite = participantSuite([STUDY]);

  /** What kind of page this is, for "axe on every page type". */
  const pageType = (page: Page) =>
    page.evaluate(() => {
      const at = (document.querySelector('input[name=at]') as HTMLInputElement | null)?.value ?? '';
      const parts = [at.split(':')[0] || 'end'];
      if (document.querySelector('button[value=apply]')) parts.push('last-word');
      if (document.querySelector('textarea[name=justification]')) parts.push('justification');
      if (document.getElementById('justification-error')) parts.push('refused');
      if (document.querySelector('.justify-note')) parts.push('justify-note');
      return parts.join('/');
    });

  /** Clicks a label (the first option of each radio group, or `decisionLabel` for the decision) and submits with `button`. */
  async function submit(page: Page, button: string, decisionLabel?: string): Promise<void> {
    await page.$$eval(
      'main form',
      (forms, decision) => {
        for (const form of forms) {
          const groups = new Map<string, HTMLInputElement[]>();
          for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) groups.set(input.name, [...(groups.get(input.name) ?? []), input]);
          for (const [name, inputs] of groups) {
            if (name === 'decision' && decision === null) continue;
            const input = inputs[name === 'decision' ? 0 : Math.floor(inputs.length / 2)];
            (form.querySelector(`label[for="${input.id}"]`) as HTMLLabelElement).click();
          }
        }
      },
      decisionLabel ?? null,
    );
    await Promise.all([page.waitForNavigation(), page.locator(button).first().click()]);
  }

  it.each(['fr', 'en'] as const)('in %s: the last-word page, the justification page and its refusal pass axe; the override is stored with its justification', async (lang) => {
    // Balanced assignment: join until a participant lands in ia+justifiee.
    let found: { page: Page; id: string; close(): Promise<void> } | null = null;
    for (let tries = 0; tries < 8 && !found; tries++) {
      const context = await contextIn(suite.browser, lang);
      const page = await context.newPage();
      await page.goto(`${suite.base}/e/${STUDY}`);
      await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').first().click()]);
      const id = page.url().split('/p/')[1];
      if ((await suite.h.store.getParticipant(id))?.condition === 'ia+justifiee') found = { page, id, close: () => context.close() };
      else await context.close();
    }
    expect(found).not.toBeNull();
    const { page, id } = found!;
    const audited = new Map<string, string[]>();
    let overridden = false;
    for (let guard = 0; guard < 80; guard++) {
      const type = await pageType(page);
      if (!audited.has(type)) {
        const violations = await axeViolations(page);
        audited.set(type, violations);
        expect(violations, `axe on ${type}`).toEqual([]);
      }
      if (type === 'end') break;
      if (type.includes('last-word') && !overridden) {
        // Override the proposal: choose the other answer, then write too short a justification, then a real one.
        await submit(page, 'button[value=override]', 'first');
        expect(await pageType(page)).toBe(`${type.split('/')[0]}/justification`);
        await page.locator('textarea[name=justification]').fill(lang === 'fr' ? 'Trop court' : 'Too short');
        await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
        continue;
      }
      if (type.includes('refused')) {
        expect(await page.locator('#justification-error').textContent()).toContain(lang === 'fr' ? 'au moins 40 caractères' : 'at least 40 characters');
        expect(await page.locator('textarea[name=justification]').getAttribute('aria-describedby')).toBe('justification-hint justification-error');
        await page.locator('textarea[name=justification]').fill(lang === 'fr' ? 'Le dernier contrôle et les plaintes justifient une visite.' : 'The last inspection and the complaints call for a visit.');
        await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
        overridden = true;
        continue;
      }
      await submit(page, type.includes('last-word') ? 'button[value=apply]' : 'main form button[type=submit]', type.includes('last-word') ? undefined : 'first');
    }
    for (const part of ['last-word', 'justification', 'refused']) expect([...audited.keys()].join(' ')).toContain(part);
    const s = await snapshot(suite.h.store, STUDY, id);
    expect(s.participant?.status).toBe('completed');
    const justified = s.trials.filter((t) => t.justification !== undefined);
    expect(justified).toHaveLength(1);
    expect(justified[0]).toMatchObject({ lastWord: 'ai', overridden: true, justifyMinChars: 40 });
    expect(justified[0].justificationChars).toBeGreaterThanOrEqual(40);
    // The other decisions applied the proposal.
    expect(s.trials.filter((t) => t.justification === undefined).every((t) => t.overridden === false && t.decision === t.advice?.recommendation)).toBe(true);
    await found!.close();
  }, 240_000);
});
