import { writeFile } from 'node:fs/promises';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';
import { UserError } from '../../experiments/user-error.ts';

/** `confiance schema [--out file]` (declared in bin/commands/schema.ts): the JSON Schema of the experiment file. */
export async function runSchema(opts: { out?: string }): Promise<void> {
  const text = JSON.stringify(experimentJsonSchema(), null, 2) + '\n';
  if (opts.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(opts.out, text);
  } catch (err) {
    throw new UserError(`cannot write ${opts.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  process.stderr.write(`JSON Schema written to ${opts.out}\n`);
}
