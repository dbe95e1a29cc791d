import type { Command } from 'commander';

/**
 * `confiance validate <file...>`: checks every file (not only up to the first invalid one), prints the summary of
 * each valid experiment on stdout and the problems of each invalid one on stderr; exit code 1 if any is invalid.
 * The work is in bin/actions/validate.ts, loaded only when the command runs.
 */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check experiment files and print a summary of each valid one, or all its problems')
    .argument('<file...>', 'experiment files (.yaml, .yml or .json)')
    .option('--json', 'print one JSON object per file on stdout (valid, configHash, problems)')
    .option('--lang <lang>', 'language of the summary: fr or en', 'en')
    .action(async (files: string[], opts: { json?: boolean; lang: string }) => (await import('../actions/validate.ts')).runValidate(files, opts));
}
