/**
 * Several `confiance serve` processes on one store, as in production behind a load balancer: every request of every
 * bot goes to the next process in turn, so one participant's consent, trials and questionnaire are answered by
 * different processes. Afterwards the store must hold each participant once, balanced across conditions, each trial
 * phase once, and an unbroken audit chain. And six browsers joining at once with one new label, each through its own
 * process in turn, make one participant (the join keys, server/participant/join-keys.ts); the five others are told the
 * number is in use.
 *
 * With MONGODB_URI: two processes on a fresh database of that server (the GitHub Actions workflow runs this against a
 * replica set). Without it: the embedded store serves one process only (its lock refuses a second), so the same
 * walk and checks run on one process: what differs between the drivers is then covered by the contract suite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { startServe, type ServeProcess } from '../simulate/serve-process.ts';
import { readPage } from '../participant/harness.ts';
import { hashLabel } from '../../server/security/label-hash.ts';

const STUDY = 'sim-crash';
const EXPERIMENTS_DIR = 'test/simulate/fixtures/studies';
const TOKEN = randomBytes(24).toString('base64url');
const SECRET = randomBytes(24).toString('base64url');
const BOTS = 16;

const mongoUri = process.env.MONGODB_URI;
const processes = mongoUri ? 2 : 1;
const database = `confiance_two_process_${randomBytes(4).toString('hex')}`;
/** The given URI with its database replaced by a fresh one (dropped at the end). */
const freshUri = mongoUri?.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${database}`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/**
 * `processes` serve processes on a fresh data directory, or with MONGODB_URI on the fresh database `name` (dropped at
 * the end), the study opened; each stopped at the end.
 */
async function startServers(name: string): Promise<{ dataDir: string; servers: ServeProcess[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'confiance-two-process-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const uri = freshUri?.replace(database, name);
  const env: Record<string, string> = { RESEARCHER_TOKEN: TOKEN, SECRET, ...(uri ? { MONGODB_URI: uri } : {}) };
  if (uri) {
    cleanups.push(async () => {
      const client = await MongoClient.connect(uri);
      await client.db(name).dropDatabase();
      await client.close();
    });
  }
  const servers: ServeProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const server = await startServe({ dataDir, experimentsDir: EXPERIMENTS_DIR, env });
    servers.push(server);
    cleanups.push(() => server.stop('SIGTERM'));
  }
  const opened = await fetch(`${servers[0].url}/api/experiments/${STUDY}/open`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(opened.status, await opened.text()).toBe(200);
  return { dataDir, servers };
}

if (!mongoUri) console.log('two-process test: MONGODB_URI is not set, so one process on the embedded store (MongoDB skipped)');

describe(`${processes} serve process(es) on one ${mongoUri ? 'MongoDB' : 'embedded store'}`, () => {
  it('answers a participant from any process, and stores each participant, trial phase and event once', async () => {
    const { dataDir, servers } = await startServers(database);

    // Each request goes to the next process in turn (a round-robin balancer).
    let turn = 0;
    const target = {
      get url() {
        return servers[turn++ % servers.length].url;
      },
    };
    const experiment = await loadExperiment(join(EXPERIMENTS_DIR, STUDY, 'experiment.yaml'));
    const summary = await runSimulation({
      experiment, target, participants: BOTS, concurrency: 8, policy: parsePolicy('random:0.5'), seed: 3,
      speed: Infinity, dropout: 0, inattentive: 0,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(BOTS);
    expect(summary.serverErrors).toBe(0);
    expect(turn).toBeGreaterThan(BOTS * 10);

    for (const server of servers) await server.stop('SIGTERM');
    const store: Store = await openStore(freshUri ? { mongodbUri: freshUri } : { dataDir });
    try {
      const byCondition = new Map<string, number>();
      const ids = new Set<string>();
      for await (const p of store.participants(STUDY)) {
        expect(p.status).toBe('completed');
        ids.add(p.id);
        byCondition.set(p.condition, (byCondition.get(p.condition) ?? 0) + 1);
      }
      expect(ids.size).toBe(BOTS);
      const counts = [...byCondition.values()];
      expect(counts.length).toBe(experiment.conditions.length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);

      const phases = new Map<string, Set<string>>();
      for await (const t of store.trials(STUDY)) {
        const seen = phases.get(t.participantId) ?? new Set<string>();
        const key = `${t.practice}/${t.trialIndex}/${t.phase}`;
        expect(seen.has(key), `${t.participantId} ${key} stored twice`).toBe(false);
        seen.add(key);
        phases.set(t.participantId, seen);
      }
      expect(new Set(phases.keys())).toEqual(ids);
      const perParticipant = new Set([...phases.values()].map((s) => s.size));
      expect(perParticipant.size).toBe(1);

      expect(await store.verifyChain(STUDY)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 180_000);

  it('six simultaneous first visits with one new label, spread over the processes, make one participant', async () => {
    const labelDatabase = `${database}_label`;
    const { dataDir, servers } = await startServers(labelDatabase);
    const uri = freshUri?.replace(database, labelDatabase);
    // Six browsers, each on its own process in turn; every one has the join form before any sends it.
    const browsers = Array.from({ length: 6 }, (_, i) => request.agent(servers[i % servers.length].url));
    const forms = await Promise.all(browsers.map(async (b) => readPage(200, (await b.get(`/e/${STUDY}?label=AGENT-42`)).text).hidden));
    const joins = await Promise.all(browsers.map((b, i) => b.post(`/e/${STUDY}`).type('form').send({ ...forms[i], label: 'AGENT-42' })));
    const statuses = joins.map((j) => j.status).sort();
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    for (const server of servers) await server.stop('SIGTERM');
    const store: Store = await openStore(uri ? { mongodbUri: uri } : { dataDir });
    try {
      const labelled = [];
      for await (const p of store.participants(STUDY)) if (p.labelHash === hashLabel(SECRET, STUDY, 'AGENT-42')) labelled.push(p.id);
      expect(labelled).toEqual([joins.find((j) => j.status === 303)!.headers.location.replace('/p/', '')]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
