import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { UserError } from '../../experiments/user-error.ts';
import { writeExportFiles } from '../../server/researcher/export/write-files.ts';
import { loadOrCreateSecret } from '../../server/security/secret.ts';

/**
 * `confiance export <experimentId> --out dir/` (declared in bin/commands/export.ts): the same three files as the
 * dashboard's export, streamed from the configured store.
 */
export async function runExport(experimentId: string, opts: { out: string; configHash?: string }): Promise<void> {
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
    // The per-participant codes are keyed with the server's SECRET (the same .env or DATA_DIR/secret as `serve`).
    const secret = await loadOrCreateSecret({ secret: config.SECRET, dataDir: config.DATA_DIR });
    for (const path of await writeExportFiles(store, doc, opts.out, { secret })) process.stdout.write(`${path}\n`);
  } finally {
    await store.close();
  }
}
