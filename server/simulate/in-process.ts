/**
 * A server started inside the `confiance simulate` process: the real app (createApp) on the embedded store in a
 * temporary or given data directory, the study opened, listening on 127.0.0.1, port chosen by the system.
 *
 * Its clock runs `speed` times faster than the wall clock, like the bots' waits, so that the response times the
 * server measures (and the min_rt_ms exclusions, and stale sessions) are those of the simulated people. Each bot
 * comes from its own address (X-Forwarded-For, trusted here only), as agents on their own machines would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Experiment } from '../../experiments/model.ts';
import { createApp } from '../app.ts';
import { createHttpServer } from '../http-server.ts';
import { loadConfig } from '../config.ts';
import { createRegistry, type ExperimentRegistry } from '../registry.ts';
import { loadOrCreateSecret } from '../security/secret.ts';
import { openStore, type Store } from '../store/index.ts';
import { pilotCopyIfFull } from './pilot-copy.ts';

export interface InProcessServer {
  url: string;
  /** Set when the study is served from a copy whose target per condition was raised to fit the bots. */
  raisedTarget?: { from: number; to: number };
  dataDir: string;
  /** True when the data directory is temporary (removed by close). */
  temporary: boolean;
  store: Store;
  registry: ExperimentRegistry;
  experiment: Experiment;
  close(): Promise<void>;
}

export interface InProcessOptions {
  experimentId: string;
  experimentsDir: string;
  /** Keep the data here; default: a temporary directory removed at close. */
  dataDir?: string;
  /** Simulated seconds per real second of the server's clock (Infinity or 1: the wall clock). */
  speed?: number;
  /** A clock of your own (tests); overrides speed. */
  now?: () => Date;
  /** Bots to come: when the study's target cannot take them all, serve a copy with the target raised (pilot-copy.ts). */
  participants?: number;
}

export async function startInProcess(options: InProcessOptions): Promise<InProcessServer> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'confiance-simulate-')));
  const store = await openStore({ dataDir });
  let server: Server | undefined;
  let copy: { experimentsDir: string; target: number } | null = null;
  try {
    const now = options.now ?? scaledClock(options.speed ?? 1);
    let experimentsDir = options.experimentsDir;
    let registry = createRegistry({ dir: experimentsDir, store, now });
    let experiment = await registry.load(options.experimentId);
    let raisedTarget: InProcessServer['raisedTarget'];
    copy = options.participants === undefined ? null : await pilotCopyIfFull(experimentsDir, experiment, options.participants);
    if (copy) {
      raisedTarget = { from: experiment.file.assignment.target_per_condition, to: copy.target };
      experimentsDir = copy.experimentsDir;
      registry = createRegistry({ dir: experimentsDir, store, now });
      experiment = await registry.load(options.experimentId);
    }
    const running = await registry.running(options.experimentId);
    if (!running) await registry.open(options.experimentId);
    const config = loadConfig({ DATA_DIR: dataDir, EXPERIMENTS_DIR: experimentsDir, HOST: '127.0.0.1', PORT: '0', TRUST_PROXY: '1' });
    const secret = await loadOrCreateSecret({ dataDir });
    const app = createApp({ config, store, registry, secret, now });
    // Compile each template once, as in production (Express caches views only when NODE_ENV=production).
    app.set('view cache', true);
    server = createHttpServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const listening = server;
    return {
      url: `http://127.0.0.1:${port}`,
      ...(raisedTarget ? { raisedTarget } : {}),
      dataDir,
      temporary,
      store,
      registry,
      experiment,
      async close() {
        listening.close();
        listening.closeAllConnections();
        await once(listening, 'close').catch(() => undefined);
        await store.close();
        if (temporary) await rm(dataDir, { recursive: true, force: true });
        if (copy) await rm(copy.experimentsDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    server?.close();
    await store.close();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
    if (copy) await rm(copy.experimentsDir, { recursive: true, force: true });
    throw err;
  }
}

/** Wall-clock time, running `speed` times faster from now on. */
export function scaledClock(speed: number): () => Date {
  if (!Number.isFinite(speed) || speed <= 1) return () => new Date();
  const t0 = Date.now();
  return () => new Date(t0 + (Date.now() - t0) * speed);
}
