import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';
import { UserError } from '../../experiments/user-error.ts';

/** `confiance schema [--out file]`: the JSON Schema of the experiment file, for editors. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schema of the experiment file (for completion and checks in your editor)')
    .option('-o, --out <file>', 'write to this file instead of the standard output')
    .action(async (opts: { out?: string }) => {
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
    });
}
