import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable, launchChromium, listenLocally } from './chromium.ts';
import { createApp } from '../../server/app.ts';
import type { ExperimentRegistry } from '../../server/registry.ts';
import { makeHarness, STUDY, TOKEN, type Harness } from '../researcher/harness.ts';

const available = chromiumAvailable('researcher dashboard browser test');
describe.skipIf(!available)('researcher dashboard in Chromium', () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    h = await makeHarness();
    const app = createApp({ ...h.deps, registry: h.deps.registry as ExperimentRegistry });
    server = await listenLocally(app);
    base = server.base;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it('signs in, opens a study, generates a link, sees the participant progress appear, and exports', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const admin = await context.newPage();
    await admin.goto(`${base}/admin/`);
    await admin.getByLabel('Researcher token (RESEARCHER_TOKEN)').fill(TOKEN);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('link', { name: STUDY }).click();
    await admin.getByRole('button', { name: 'Open the file as it is now' }).click();
    await expect.poll(() => admin.getByRole('status').first().textContent()).toContain('Experiment opened.');

    await admin.getByLabel('Number of personal links').fill('1');
    await admin.getByRole('button', { name: 'Generate links' }).click();
    const link = await admin.locator('a[href*="/p/"]').first().getAttribute('href');
    expect(link).toMatch(new RegExp(`^${base}/p/[A-Za-z0-9_-]{22}$`));

    await admin.goto(`${base}/admin/experiments/${STUDY}`);
    const notStarted = admin.locator('[data-m="invitedNotStarted"]');
    await expect.poll(() => notStarted.textContent()).toBe('1');

    // The participant, in their own browser session, accepts the consent.
    const participantContext = await browser.newContext();
    const participant = await participantContext.newPage();
    await participant.goto(link as string);
    await participant.locator('button[name="choice"][value="accept"]').click();
    await participant.waitForLoadState('load');
    const id = (link as string).split('/p/')[1];
    await expect.poll(async () => (await h.store.getParticipant(id))?.step, { timeout: 10_000 }).not.toBe('consent');

    // The dashboard updates without a reload (its script polls the monitoring numbers).
    await expect.poll(() => notStarted.textContent(), { timeout: 15_000 }).toBe('0');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'trials.csv' }).click()]);
    expect(download.suggestedFilename()).toBe(`${STUDY}-1.0-trials.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^participant_id,condition,trial_index,case_id,truth,ai_advice,/);
    await participantContext.close();
    await context.close();
  });

  it('every admin page passes axe (WCAG 2.1 AA): sign-in, studies, study, quality, audit, participant, erasure', async () => {
    const context = await browser.newContext();
    const admin = await context.newPage();
    await admin.goto(`${base}/admin/`);
    expect(await axeViolations(admin), 'sign-in').toEqual([]);
    await admin.getByLabel('Researcher token (RESEARCHER_TOKEN)').fill(TOKEN);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForLoadState('load');
    expect(await axeViolations(admin), 'studies').toEqual([]);
    await admin.goto(`${base}/admin/experiments/${STUDY}`);
    expect(await axeViolations(admin), 'study').toEqual([]);
    const participant = await h.store.participants(STUDY)[Symbol.asyncIterator]().next();
    expect(participant.done, 'the first test left a participant').toBe(false);
    for (const path of [`/admin/experiments/${STUDY}/quality`, `/admin/experiments/${STUDY}/audit`, `/admin/participants/${participant.value.id}`, `/admin/participants/${participant.value.id}/erase`]) {
      const res = await admin.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await axeViolations(admin), path).toEqual([]);
    }
    await context.close();
  });
});
