import { UserError } from '../../experiments/user-error.ts';

/** Writes a file the user named; a path that cannot be written is a user error naming the option, not a stack trace. */
export async function writeOutput(option: string, path: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    throw new UserError(`Cannot write ${path} (${option}):`, [`${code}: ${(err as Error).message}`]);
  }
}

