/**
 * `confiance serve` (declared in bin/commands/serve.ts): loads the configuration (.env, then the environment), opens
 * the store and the experiment registry, and serves the participant pages (and the researcher routes). With the embedded store, the bundled
 * studies are opened on first start so that `npm start` gives a working /e/<study>; `--open-bundled` does it on
 * MongoDB too. Stops cleanly on SIGINT/SIGTERM (closes the HTTP server, then the store).
 */
import { once } from 'node:events';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { createApp } from '../../server/app.ts';
import { createHttpServer } from '../../server/http-server.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { loadOrCreateSecret } from '../../server/security/secret.ts';
import { researcherTokenProblem } from '../../server/researcher/auth/token.ts';
import { openStore } from '../../server/store/index.ts';
import { UserError } from '../../experiments/user-error.ts';

export async function runServe(opts: { port?: string; openBundled?: boolean }): Promise<void> {
  loadDotenv({ quiet: true });
  const env = { ...process.env, ...(opts.port !== undefined ? { PORT: opts.port } : {}) };
  const config = loadConfig(env);
  const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI, mongodbDb: config.MONGODB_DB, mongodbOperationTimeoutMs: config.MONGODB_TIMEOUT_MS });
  if (config.MONGODB_URI && !config.SECRET) {
    process.stderr.write('warning: SECRET is not set; every server process on this MongoDB must share one SECRET.\n');
  }
  const secret = await loadOrCreateSecret({ secret: config.SECRET, dataDir: config.DATA_DIR });
  const registry = createRegistry({ dir: config.EXPERIMENTS_DIR, store });

  const opened: string[] = [];
  if (opts.openBundled || store.driver === 'embedded') {
    for (const entry of await registry.available()) {
      if (entry.errors) {
        process.stderr.write(`warning: ${entry.path} is not valid and is not served:\n  ${entry.errors.join('\n  ')}\n`);
        continue;
      }
      if (entry.openConfigHash) continue;
      const everOpened = (await store.listExperiments()).some((d) => d.id === entry.id);
      // A study a researcher closed stays closed: only never-opened studies are opened automatically.
      if (!everOpened) {
        await registry.open(entry.id);
        opened.push(entry.id);
      }
    }
  }

  const app = createApp({ config, store, registry, secret });
  const server = createHttpServer(app).listen(config.PORT, config.HOST);
  await once(server, 'listening').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot listen on ${config.HOST}:${config.PORT}: ${err.code ?? err.message}`);
  });
  const { port } = server.address() as AddressInfo;
  const base = config.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const lines = [`Confiance is serving on ${base} (store: ${store.driver})`];
  if (opened.length) lines.push(`opened: ${opened.join(', ')}`);
  const available = await registry.available();
  if (available.length === 0) {
    // Typically `confiance serve` started outside the project folder: the default EXPERIMENTS_DIR is relative.
    lines.push(`  warning: no experiment file found in ${path.resolve(config.EXPERIMENTS_DIR)} (EXPERIMENTS_DIR, <dir>/<id>/experiment.yaml): no study is served`);
  }
  for (const entry of available) {
    const running = entry.experiment && entry.openConfigHash === entry.experiment.configHash;
    if (running) lines.push(`  participants: ${base}/e/${entry.id}`);
    else if (entry.modifiedSinceOpen) lines.push(`  ${entry.id}: the file changed since it was opened; reopen it to serve the new version`);
  }
  lines.push(config.RESEARCHER_TOKEN ? `  researcher: ${base}/admin` : `  researcher routes are off: ${researcherTokenProblem(config.RESEARCHER_TOKEN)}`);
  const stop = async (signal: string) => {
    process.stdout.write(`${signal}: stopping\n`);
    server.close();
    server.closeAllConnections();
    await once(server, 'close').catch(() => undefined);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Written once the signal handlers are in place: whoever waits for this line may stop the server at once.
  process.stdout.write(lines.join('\n') + '\n');
}
