/**
 * Debian's Chromium for the browser tests (`.ci/run` installs it with apt-get), launched with the flags this
 * machine's closed network needs. Tests skip, with a visible line, when it is not installed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
