import type { Command } from 'commander';

/**
 * `confiance export <experimentId> --out dir/`: the same three files as the dashboard's export (trial CSV per
 * METRICS.md section 5, questionnaire responses CSV, JSON lines of everything), streamed from the configured store.
 * The work is in bin/actions/export.ts, loaded only when the command runs.
 */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the trial CSV, the responses CSV and JSON lines of one experiment from the configured store')
    .argument('<experimentId>', 'id of an opened experiment')
    .requiredOption('--out <dir>', 'directory to write the files into (created if needed)')
    .option('--config-hash <hash>', 'export this opened version instead of the latest one')
    .action(async (experimentId: string, opts: { out: string; configHash?: string }) => (await import('../actions/export.ts')).runExport(experimentId, opts));
}
