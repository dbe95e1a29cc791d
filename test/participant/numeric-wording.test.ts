/** A numeric task (risque-inondation) speaks of estimates, in the task unit, on every page that shows the AI's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, startHarness, type Harness, type Page } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['risque-inondation']);
});
afterAll(async () => {
  await h.close();
});

async function firstPage(c: Client, page: Page, test: (p: Page) => boolean): Promise<Page> {
  for (let guard = 0; guard < 80; guard++) {
    if (test(page)) return page;
    page = await c.answer(page, defaultAnswers(page));
  }
  throw new Error('page not found');
}

describe('numeric task wording', () => {
  it.each([
    ['fr', "L'IA estime\u00a0:", 'Votre première estimation\u00a0:', 'sûr·e de votre estimation', "s'écarte de plus de 50\u00a0ménages de la réponse attendue"],
    ['en', 'The AI estimates:', 'Your first estimate:', 'How sure are you of your estimate?', 'more than 50\u00a0households away from the expected answer'],
  ])('%s: the AI estimates, the participant estimates, practice feedback gives the tolerance', async (lang, estimates, first, sure, far) => {
    const c = new Client(h, lang === 'fr' ? 'fr-FR' : 'en-GB');
    const advice = await firstPage(c, await c.join('risque-inondation'), (p) => p.html.includes('id="advice-title"'));
    const text = advice.html.replace(/&#39;/g, "'");
    expect(text).toContain(estimates);
    expect(text).toContain(first);
    expect(text).toContain(sure);
    expect(text).not.toMatch(/recommand/i);
    // 0 households is far from every truth of the bank (150 to 2,500).
    const feedback = await c.answer(advice, { ...defaultAnswers(advice), decision: '0' });
    expect(feedback.at).toMatch(/^practice:/);
    expect(feedback.html.replace(/&#39;/g, "'")).toContain(far);
  });
});
