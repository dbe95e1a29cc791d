import type { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { UserError } from '../../experiments/user-error.ts';
import { writeExportFiles } from '../../server/researcher/export/write-files.ts';
import { loadOrCreateSecret } from '../../server/security/secret.ts';

/**
 * `confiance export <experimentId> --out dir/`: the same files as the dashboard's export (trial CSV per METRICS.md
 * section 5, questionnaire responses CSV, participants CSV with codes and payments, Prolific's bonus CSV when the
 * study pays bonuses, JSON lines of everything), streamed from the configured store.
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
      const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI, mongodbDb: config.MONGODB_DB });
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
        // The per-participant codes are keyed with the server's SECRET (the same .env or DATA_DIR/secret as `serve`).
        const secret = await loadOrCreateSecret({ secret: config.SECRET, dataDir: config.DATA_DIR });
        for (const path of await writeExportFiles(store, doc, opts.out, { secret })) process.stdout.write(`${path}\n`);
      } finally {
        await store.close();
      }
    });
}
