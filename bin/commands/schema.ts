import type { Command } from 'commander';

/** `confiance schema [--out file]`: the JSON Schema of the experiment file, for editors (work in bin/actions/schema.ts). */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schema of the experiment file (for completion and checks in your editor)')
    .option('-o, --out <file>', 'write to this file instead of the standard output')
    .action(async (opts: { out?: string }) => (await import('../actions/schema.ts')).runSchema(opts));
}
