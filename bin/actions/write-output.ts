import { UserError } from '../../experiments/user-error.ts';

/** Writes a file the user named; a path that cannot be written is a user error naming the option, not a stack trace. */
export async function writeOutput(option: string, path: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    const reason = WHY[code] ?? (err as Error).message;
    throw new UserError(`Cannot write ${path} (${option}):`, [reason]);
  }
}


/** Plain words for the usual reasons a path cannot be written (others: the system's message). */
const WHY: Record<string, string> = {
  EISDIR: 'it is a directory; give a file name',
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};
