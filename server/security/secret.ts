import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The server secret (CSRF, served-time stamps, label hashes). SECRET from the environment when given; otherwise one
 * is generated once and kept in DATA_DIR/secret, so label hashes stay stable across restarts of a pilot.
 * Several processes on one MongoDB must share SECRET: the caller warns when it is missing in that setting.
 */
export async function loadOrCreateSecret(options: { secret?: string; dataDir: string }): Promise<string> {
  if (options.secret) return options.secret;
  const file = join(options.dataDir, 'secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}
