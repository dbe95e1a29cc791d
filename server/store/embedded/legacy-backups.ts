import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from './partition-files.ts';

const BACKUP_SUFFIX = '.db.migrated';

/**
 * Removes every line naming the participant from the nedb files kept after a migration (`<name>.db.migrated`, see
 * nedb-replay.ts): an erasure must leave nothing of them in any file, backups included. A line names them when it
 * holds their id as a JSON string (ids are random, so no other value equals one). Each backup is rewritten
 * crash-safely, and only when it held such a line.
 */
export async function eraseFromBackups(dataDir: string, participantId: string): Promise<void> {
  const needle = JSON.stringify(participantId);
  for (const name of await readdir(dataDir)) {
    if (!name.endsWith(BACKUP_SUFFIX)) continue;
    const file = path.join(dataDir, name);
    const text = await readFile(file, 'utf8');
    if (!text.includes(needle)) continue;
    const kept = text.split('\n').filter((line) => !line.includes(needle));
    await replaceFile(file, [kept.join('\n')]);
  }
}
