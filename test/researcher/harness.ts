import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { loadConfig, type Config } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { researcherApi } from '../../server/researcher/api/router.ts';
import { openHookedStore, type Hooks } from '../store/wrapped-database.ts';
import type { ResearcherDeps } from '../../server/researcher/context.ts';

export const TOKEN = 'test-researcher-token-0123456789abcdef';
export const SECRET = 'test-secret-0123456789abcdefghijklmnop';
export const STUDY = 'signaux-faibles';

export interface Harness {
  store: Store;
  deps: ResearcherDeps;
  app: express.Express;
  experimentsDir: string;
  /** Rewrites a line of the copied experiment file (to simulate an edit after opening). */
  editStudy(find: string, replace: string): Promise<void>;
  close(): Promise<void>;
}

/** A store in a temp dir, the bundled signaux-faibles study copied to a temp EXPERIMENTS_DIR, the researcher API on /api. */
export async function makeHarness(
  options: { env?: Record<string, string>; failedAuthLimit?: number; mount?: (app: express.Express, deps: ResearcherDeps) => void; hooks?: Hooks } = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'confiance-researcher-data-'));
  const experimentsDir = await mkdtemp(join(tmpdir(), 'confiance-researcher-exp-'));
  await cp(join('experiments', 'studies', STUDY), join(experimentsDir, STUDY), { recursive: true });
  const store = options.hooks
    ? await openHookedStore(dataDir, options.hooks)
    : await openStore({ dataDir });
  const config: Config = loadConfig({
    RESEARCHER_TOKEN: TOKEN,
    DATA_DIR: dataDir,
    EXPERIMENTS_DIR: experimentsDir,
    ...options.env,
  });
  const registry = createRegistry({ dir: experimentsDir, store });
  const deps: ResearcherDeps = { config, store, registry, secret: SECRET };
  const app = express();
  app.use('/api', researcherApi(deps, { failedAuthLimit: options.failedAuthLimit ?? 10_000, log: () => {} }));
  options.mount?.(app, deps);
  return {
    store,
    deps,
    app,
    experimentsDir,
    async editStudy(find, replace) {
      const path = join(experimentsDir, STUDY, 'experiment.yaml');
      const text = await readFile(path, 'utf8');
      if (!text.includes(find)) throw new Error(`editStudy: "${find}" not in the file`);
      await writeFile(path, text.replace(find, replace));
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(experimentsDir, { recursive: true, force: true });
    },
  };
}

export const auth = { Authorization: `Bearer ${TOKEN}` };
