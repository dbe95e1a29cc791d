/**
 * Benchmark server (a child process of http.bench.ts and pages.bench.ts), one of:
 *   serve.ts confiance <dataDir> <experimentsDir> <studyId>   the real app (createApp) on the embedded store
 *   serve.ts bare                                              a bare Express endpoint: the same form parser
 *                                                               (server/security/body.ts) and a trivial EJS page
 *   serve.ts same-work <dataDir>                               bare Express doing a submission's unavoidable work:
 *                                                               POST /p/:id parses the form, appends one line to a
 *                                                               group-committed fdatasync'd file, answers 303; GET
 *                                                               /p/:id renders an EJS page whose weight the load
 *                                                               generator sets first (PUT /page-bytes/:n) to that
 *                                                               of Confiance's trial pages; GET /syncs counts flushes
 * Every mode answers GET /__usage with its flushes to disk (fdatasync + fsync) and CPU time so far (flush-counter.ts).
 * Listens on 127.0.0.1, port chosen by the system, prints `LISTENING <port>`; exits cleanly on SIGTERM (so that the
 * measuring preload writes its CPU and memory usage). Views are compiled once, as with NODE_ENV=production.
 */
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { createHttpServer } from '../../server/http-server.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { formBody } from '../../server/security/body.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { GroupCommitLog } from './group-commit-log.ts';
import { countFlushes, usage } from './flush-counter.ts';
import { createServer } from 'node:http';
import { join } from 'node:path';
import ejs from 'ejs';
import { readFileSync } from 'node:fs';

const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopq';
/** The researcher routes are mounted as in production (a token set), though the benchmark does not use them. */
const BENCH_TOKEN = 'bench-researcher-token-0123456789abcdefgh';

const [mode, dataDir, experimentsDir, studyId] = process.argv.slice(2);
await countFlushes();
let store: Store | null = null;
let app: express.Express;
let log: GroupCommitLog | null = null;

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
} else if (mode === 'same-work') {
  if (!dataDir) throw new Error('usage: serve.ts same-work <dataDir>');
  const submissions = await GroupCommitLog.open(join(dataDir, 'same-work.jsonl'));
  log = submissions;
  let rows = pageRows(5000);
  const csrf = `${'a1'.repeat(32)}.${'b2'.repeat(32)}`;
  app = express();
  app.set('views', fileURLToPath(new URL('./', import.meta.url)));
  app.set('view engine', 'ejs');
  app.use(formBody());
  app.post('/p/:participantId', async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      await submissions.append(JSON.stringify({ participantId: req.params.participantId, ...body, receivedAt: Date.now() }) + '\n');
      res.redirect(303, `/p/${req.params.participantId}`);
    } catch (err) {
      next(err);
    }
  });
  app.get('/p/:participantId', (req, res) => {
    res.render('same-work-page', { participantId: req.params.participantId, at: 'trials:3', csrf, rows });
  });
  app.put('/page-bytes/:bytes', (req, res) => {
    rows = pageRows(Number(req.params.bytes));
    res.status(204).end();
  });
  app.get('/syncs', (_req, res) => {
    res.json(submissions.counts);
  });
} else {
  throw new Error('usage: serve.ts confiance <dataDir> <experimentsDir> <studyId> | serve.ts bare | serve.ts same-work <dataDir>');
}
app.set('view cache', true);

// GET /__usage (flushes to disk and CPU so far) is answered before the app sees the request.
const handler = (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === '/__usage') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(usage()));
    return;
  }
  app(req, res);
};
// Confiance runs in the HTTP server `confiance serve` gives it (server/http-server.ts); the baselines in a plain one.
const server: Server = (mode === 'confiance' ? createHttpServer(app, handler) : createServer(handler)).listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    if (log) process.stderr.write(`same-work: ${log.counts.lines} lines in ${log.counts.syncs} fdatasyncs\n`);
    void (store ? store.close() : log ? log.close() : Promise.resolve()).then(() => process.exit(0));
  });
});

/** Rows of the same-work page (a case's fields, escaped by EJS as Confiance's are) so that it weighs about `bytes`. */
function pageRows(bytes: number): { label: string; value: string; note: string }[] {
  const template = ejs.compile(readFileSync(fileURLToPath(new URL('./same-work-page.ejs', import.meta.url)), 'utf8'));
  const rows: { label: string; value: string; note: string }[] = [];
  const size = () => Buffer.byteLength(template({ participantId: 'p'.repeat(32), at: 'trials:3', csrf: 'c'.repeat(129), rows }));
  while (size() < bytes) {
    const i = rows.length;
    rows.push({ label: `Indicateur n° ${i + 1} de l'entreprise`, value: `${(i * 7919) % 100_000} €`, note: i % 3 === 0 ? 'en baisse & à surveiller' : 'stable' });
  }
  return rows;
}
