/**
 * What every participant-side browser suite starts with: the harness on some studies, served on a local port, and a
 * Chromium, started before the suite's tests and stopped after them; and a fresh browser context in one language.
 */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness } from '../participant/harness.ts';
import { launchChromium, listenLocally } from './chromium.ts';

export interface ParticipantSuite {
  /** Set once the suite's beforeAll has run. */
  readonly h: Harness;
  readonly base: string;
  readonly browser: Browser;
}

/**
 * Registers, in the calling `describe`, the start and the stop of a harness on `studies` (from `dir`, or from the
 * directory `prepare` writes and later removes; default the bundled studies), its local server and a Chromium.
 */
export function participantSuite(
  studies: readonly string[],
  options: { dir?: string; prepare?: () => Promise<{ dir: string; remove(): Promise<void> }> } = {},
): ParticipantSuite {
  const suite = {} as { h: Harness; base: string; browser: Browser };
  let server: Awaited<ReturnType<typeof listenLocally>> | undefined;
  let prepared: { dir: string; remove(): Promise<void> } | undefined;
  beforeAll(async () => {
    prepared = options.prepare ? await options.prepare() : undefined;
    const dir = prepared?.dir ?? options.dir;
    suite.h = await startHarness([...studies], dir === undefined ? {} : { dir });
    server = await listenLocally(suite.h.app);
    suite.base = server.base;
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await server?.close();
    await suite.h?.close();
    await prepared?.remove();
  });
  return suite;
}

/** A fresh context (no cookie yet) whose locale and Accept-Language are French or British English. */
export function contextIn(browser: Browser, lang: 'fr' | 'en', options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
    extraHTTPHeaders: { 'Accept-Language': lang === 'fr' ? 'fr-FR,fr;q=0.9' : 'en-GB,en;q=0.9' },
    ...options,
  });
}
