/**
 * Benchmark server (a child process of http.bench.ts and pages.bench.ts), one of:
 *   serve.ts confiance <dataDir> <experimentsDir> <studyId>   the real app (createApp) on the embedded store
 *   serve.ts bare                                              a bare Express endpoint: the same form parser
 *                                                               (server/security/body.ts) and a trivial EJS page
 * Listens on 127.0.0.1, port chosen by the system, prints `LISTENING <port>`; exits cleanly on SIGTERM (so that the
 * measuring preload writes its CPU and memory usage). Views are compiled once, as with NODE_ENV=production.
 */
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { formBody } from '../../server/security/body.ts';
import { openStore, type Store } from '../../server/store/index.ts';

const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopq';
/** The researcher routes are mounted as in production (a token set), though the benchmark does not use them. */
const BENCH_TOKEN = 'bench-researcher-token-0123456789abcdefgh';

const [mode, dataDir, experimentsDir, studyId] = process.argv.slice(2);
let store: Store | null = null;
let app: express.Express;

if (mode === 'confiance') {
  if (!studyId) throw new Error('usage: serve.ts confiance <dataDir> <experimentsDir> <studyId>');
  store = await openStore({ dataDir });
  const registry = createRegistry({ dir: experimentsDir, store });
  if (!(await registry.running(studyId))) await registry.open(studyId);
  const config = loadConfig({ DATA_DIR: dataDir, EXPERIMENTS_DIR: experimentsDir, TRUST_PROXY: '1', RESEARCHER_TOKEN: BENCH_TOKEN });
  app = createApp({ config, store, registry, secret: BENCH_SECRET });
} else if (mode === 'bare') {
  app = express();
  app.set('views', fileURLToPath(new URL('./', import.meta.url)));
  app.set('view engine', 'ejs');
  app.use(formBody());
  app.post('/p/:participantId', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.render('bare-page', { participantId: req.params.participantId, at: String(body.at ?? ''), decision: String(body.decision ?? '') });
  });
} else {
  throw new Error('usage: serve.ts confiance <dataDir> <experimentsDir> <studyId> | serve.ts bare');
}
app.set('view cache', true);

const server: Server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void (store ? store.close() : Promise.resolve()).then(() => process.exit(0));
  });
});
