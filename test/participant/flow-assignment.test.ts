/**
 * Assignment at join: balanced across conditions under concurrent joins (claimed atomically in the store), and a
 * clear "study full" page once every condition reached its target.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { Client, SECRET } from './harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The signaux-faibles study copied to a temporary directory with the given target per condition. */
async function studyWithTarget(target: number) {
  const dir = await mkdtemp(join(tmpdir(), 'confiance-assign-'));
  const studyDir = join(dir, 'studies', 'signaux-faibles');
  await cp('experiments/studies/signaux-faibles', studyDir, { recursive: true });
  const file = join(studyDir, 'experiment.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/target_per_condition: \d+/, `target_per_condition: ${target}`));
  const store: Store = await openStore({ dataDir: join(dir, 'data') });
  const registry = createRegistry({ dir: join(dir, 'studies'), store });
  await registry.open('signaux-faibles');
  const app = createApp({ config: loadConfig({}), store, registry, secret: SECRET });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { app, store, dir };
}

describe('a study file edited after opening', () => {
  it('stops serving its participants with a clear page, and its open link with the closed page', async () => {
    const { app, dir } = await studyWithTarget(30);
    const c = new Client({ app });
    await c.join('signaux-faibles');
    const file = join(dir, 'studies', 'signaux-faibles', 'experiment.yaml');
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^version: .*$/m, 'version: "9.9"'));
    // Participant requests rely on the last check of the files for up to a second (registry.ts, RECHECK_MS).
    await new Promise((r) => setTimeout(r, 1100));
    const page = await c.current();
    expect(page.status).toBe(409);
    expect(page.html).toContain('Étude modifiée');
    expect((await request(app).get('/e/signaux-faibles')).status).toBe(410);
  });
});

async function conditionCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const p of store.participants('signaux-faibles')) counts[p.condition] = (counts[p.condition] ?? 0) + 1;
  return counts;
}

describe('assignment at join', () => {
  it('24 concurrent joins fill the four conditions evenly (6 each)', async () => {
    const { app, store } = await studyWithTarget(30);
    const clients = Array.from({ length: 24 }, () => new Client({ app }));
    const welcomes = await Promise.all(clients.map((c) => c.get('/e/signaux-faibles')));
    const results = await Promise.all(clients.map((c, i) => c.post('/e/signaux-faibles', welcomes[i].hidden)));
    expect(results.map((r) => r.status)).toEqual(Array(24).fill(303));
    expect(new Set(results.map((r) => r.location)).size).toBe(24);
    expect(await conditionCounts(store)).toEqual({ none: 6, confidence: 6, feature_importance: 6, counterfactual: 6 });
  });

  it('once every condition is full, a new participant gets a clear "study full" page and nothing is created', async () => {
    const { app, store } = await studyWithTarget(1);
    const clients = Array.from({ length: 5 }, () => new Client({ app }));
    const statuses: number[] = [];
    for (const c of clients) {
      const welcome = await c.get('/e/signaux-faibles');
      const res = await c.post('/e/signaux-faibles', welcome.hidden);
      statuses.push(res.status);
      if (res.status !== 303) expect(res.html).toContain('Étude complète');
    }
    expect(statuses).toEqual([303, 303, 303, 303, 409]);
    expect(Object.values(await conditionCounts(store)).reduce((a, b) => a + b, 0)).toBe(4);
    // The welcome page itself still answers (the study is open), and the link of an existing participant works.
    expect((await request(app).get('/e/signaux-faibles')).status).toBe(200);
  });
});
