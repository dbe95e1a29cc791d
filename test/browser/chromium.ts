/**
 * Debian's Chromium for the browser tests (`.ci/run` installs it with apt-get), launched with the flags this
 * machine's closed network needs. Tests skip, with a visible line, when it is not installed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHttpServer } from '../../server/http-server.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is there; prints why `suite` is skipped when it is not. */
export function chromiumAvailable(suite: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) console.log(`${suite} skipped: ${CHROMIUM} is not installed`);
  return available;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** Serves an Express app on a free local port; `close` stops it. */
export async function listenLocally(app: Express): Promise<{ base: string; close(): Promise<void> }> {
  // The HTTP server `confiance serve` uses (requests made with the app's prototypes).
  const server = createHttpServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource: Promise<string> | null = null;

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now; the violations, one line each. axe is evaluated
 * through the DevTools protocol, so the page's CSP (no inline script) does not block it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile('node_modules/axe-core/axe.min.js', 'utf8');
  await page.evaluate(await axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE_TAGS);
}

/** Types 120 in every number field of the page, or the nearest value its min and max allow (a question's 0-45 years). */
export async function fillNumbers(page: Page): Promise<void> {
  for (const input of await page.locator('main form input[type=number]').all()) {
    const min = Number((await input.getAttribute('min')) ?? -Infinity);
    const max = Number((await input.getAttribute('max')) ?? Infinity);
    await input.fill(String(Math.min(max, Math.max(min, 120))));
  }
}
