/** A trial page with its CSS and script stays under 40 KB, for slow administration networks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, startHarness, type Harness, type Page } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles', 'aide-exceptionnelle']);
});
afterAll(async () => {
  await h?.close();
});

/** A participant in `condition`: joins until balanced assignment gives it (each condition comes up in turn). */
async function participantIn(study: string, condition: string): Promise<{ c: Client; page: Page }> {
  for (let i = 0; i < 12; i++) {
    const c = new Client(h);
    const page = await c.join(study);
    if ((await h.store.getParticipant(c.participantId))?.condition === condition) return { c, page };
  }
  throw new Error(`no participant in ${condition}`);
}

async function firstAdvicePage(c: Client, page: Page): Promise<Page> {
  for (let guard = 0; guard < 100; guard++) {
    if (page.at?.startsWith('trials:') && page.html.includes('id="advice-title"')) return page;
    page = await c.answer(page, defaultAnswers(page));
  }
  throw new Error('no advice page');
}

describe('page weight', () => {
  it.each([
    ['signaux-faibles', 'feature_importance'],
    ['aide-exceptionnelle', 'similar_cases+autorite'],
  ])('%s, %s: the trial page with advice, CSS and script weigh under 40 KB', async (study, condition) => {
    const { c, page: first } = await participantIn(study, condition);
    const page = await firstAdvicePage(c, first);
    const css = await c.agent.get('/static/participant.css');
    const js = await c.agent.get('/static/participant.js');
    expect(css.status).toBe(200);
    expect(js.status).toBe(200);
    const total = Buffer.byteLength(page.html) + Buffer.byteLength(css.text) + Buffer.byteLength(js.text);
    expect(total).toBeLessThan(40 * 1024);
    // Everything comes from our origin: no third-party request.
    expect(page.html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
