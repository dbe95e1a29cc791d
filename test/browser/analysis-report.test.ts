/**
 * The HTML report of `confiance analyze --format html` in Chromium: no WCAG 2.1 A/AA violation found by axe-core and
 * no request leaving the page, for a between-subjects and a within-subjects study. Skips with a message when
 * /usr/bin/chromium is absent.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { axeViolations, chromiumAvailable, launchChromium } from './chromium.ts';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';

const available = chromiumAvailable('analysis report browser tests');
const fixture = (name: string) => fileURLToPath(new URL(`../analysis/fixtures/${name}`, import.meta.url));

describe.skipIf(!available)('HTML analysis report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['realistic-trials.csv', 'within-trials.csv'])('%s: no accessibility violation and no request', async (file) => {
    const html = renderHtml(await analyze(readTrialCsv(fixture(file)), null, { experiment: file, resamples: 100 }));
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    expect(await axeViolations(page)).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
    // every chart is announced as an image with a name
    const unnamed = await page.$$eval('svg', (svgs) => svgs.filter((s) => s.getAttribute('role') !== 'img' || !s.getAttribute('aria-label')).length);
    expect(unnamed).toBe(0);
    await page.close();
  }, 60_000);
});
