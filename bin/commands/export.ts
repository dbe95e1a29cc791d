import type { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { UserError } from '../../experiments/user-error.ts';
import { writeExportFiles } from '../../server/researcher/export/write-files.ts';

/**
 * `confiance export <experimentId> --out dir/`: the same three files as the dashboard's export (trial CSV per
 * METRICS.md section 5, questionnaire responses CSV, JSON lines of everything), streamed from the configured store.
 */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the trial CSV, the responses CSV and JSON lines of one experiment from the configured store')
    .argument('<experimentId>', 'id of an opened experiment')
    .requiredOption('--out <dir>', 'directory to write the files into (created if needed)')
    .option('--config-hash <hash>', 'export this opened version instead of the latest one')
    .action(async (experimentId: string, opts: { out: string; configHash?: string }) => {
      loadDotenv({ quiet: true });
      const config = loadConfig(process.env);
      const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI, mongodbDb: config.MONGODB_DB, mongodbOperationTimeoutMs: config.MONGODB_TIMEOUT_MS });
      try {
        const doc = await store.getExperiment(experimentId, opts.configHash);
        if (!doc) {
          const opened = [...new Set((await store.listExperiments()).map((d) => d.id))];
          throw new UserError(
            opts.configHash
              ? `Experiment "${experimentId}" has no opened version ${opts.configHash} in the store.`
              : `Experiment "${experimentId}" was never opened in the store.`,
            [opened.length > 0 ? `opened experiments: ${opened.join(', ')}` : 'no experiment was opened in this store yet'],
          );
        }
        for (const path of await writeExportFiles(store, doc, opts.out)) process.stdout.write(`${path}\n`);
      } finally {
        await store.close();
      }
    });
}
