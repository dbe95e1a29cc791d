/**
 * A write that contradicts what is already stored: a different answer for a trial phase or a questionnaire item
 * that was already recorded. Routes turn it into HTTP 409.
 */
export class ConflictError extends Error {
  readonly collection: string;
  readonly key: Readonly<Record<string, string | number | boolean>>;

  constructor(collection: string, key: Record<string, string | number | boolean>, message: string) {
    super(message);
    this.name = 'ConflictError';
    this.collection = collection;
    this.key = key;
  }
}

/**
 * The store was handed a value it refuses to write (a key or string starting with `$`, a non-string id...).
 * Store input is always built by our code from zod-parsed values, so this is a bug upstream, never a user error.
 */
export class UnsafeInputError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${message} (at ${path})`);
    this.name = 'UnsafeInputError';
    this.path = path;
  }
}

/** The store cannot start: a database unreachable, a data directory locked or unreadable. Message names what failed. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A stored line that cannot be read (damaged on disk, not torn by a crash): names the file and the line, so that the
 * researcher can repair or remove it. Nothing is guessed and nothing is skipped silently.
 */
export class DamagedRecordError extends StoreUnavailableError {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string, options?: { cause?: unknown; more?: number }) {
    const more = options?.more ? ` (and ${options.more} more damaged file(s))` : '';
    super(`Damaged line in the store: ${file} line ${line} (${reason})${more}`, options);
    this.name = 'DamagedRecordError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** Runs `open`; a failure that is not a StoreUnavailableError already becomes one, `<prefix>: <cause>`. */
export async function refusingWith<T>(prefix: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`${prefix}: ${(error as Error).message}`, { cause: error });
  }
}
