import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreUnavailableError } from '../errors.ts';

const LOCK_FILE = 'confiance.lock';

/**
 * Lock files this process holds. A lock with our pid that is not in here was left by an earlier process that had
 * the same pid (typical after a container restart, where the server is pid 1 each time).
 */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded store keeps its data in this process's memory and appends to files: two processes on one DATA_DIR
 * would overwrite each other's compactions. The lock file holds the owner's pid; a lock left by a dead process
 * (after a crash) is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      held.add(lockPath);
      return async () => {
        held.delete(lockPath);
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreUnavailableError(`Cannot lock the data directory ${dataDir}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    const ownedByUs = owner === process.pid && held.has(lockPath);
    if (Number.isInteger(owner) && owner > 0 && (ownedByUs || (owner !== process.pid && isAlive(owner)))) {
      throw new StoreUnavailableError(
        `The data directory ${dataDir} is in use by process ${owner}${owner === process.pid ? ' (this process)' : ''}. ` +
          'The embedded store serves one process; use MongoDB (MONGODB_URI) for several. ' +
          `If no such process runs, delete ${lockPath}.`,
      );
    }
    await unlink(lockPath).catch(() => undefined);
  }
  throw new StoreUnavailableError(`Cannot lock the data directory ${dataDir}: lock file ${lockPath} keeps reappearing`);
}
