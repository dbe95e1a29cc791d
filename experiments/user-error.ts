/**
 * An error the user caused (a wrong experiment file, a malformed CSV, a bad option) and can fix.
 * The CLI prints `message` and each of `details` on its own line, exits 1, and never shows a stack trace.
 * Anything that is not a UserError is a bug in Confiance and is reported with its stack.
 */
export class UserError extends Error {
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'UserError';
    this.details = details;
  }

  /** The message and its details, one per line, as printed to the user. */
  format(): string {
    return [this.message, ...this.details.map((d) => `  - ${d}`)].join('\n');
  }
}

/** No experiment file with this id (as opposed to a file that is there but invalid). */
export class UnknownExperimentError extends UserError {}
