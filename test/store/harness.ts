import { decodeName, encodeName } from '../../server/store/embedded/partition-files.ts';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { openStore, type EventData, type Store } from '../../server/store/index.ts';
import { COLLECTIONS } from '../../server/store/schema.ts';

/** What the contract suite needs from a driver beyond the Store itself: a fresh place, raw access for tampering. */
export interface DriverHarness {
  name: string;
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Closes the store and opens the same data again. */
  reopen(store: Store): Promise<Store>;
  /**
   * Rewrites one stored event behind the store's back, as someone with disk or database access could: a new type
   * (and data when given), or type null to delete the event.
   */
  tamperEvent(store: Store, experimentId: string, seq: number, type: string | null, data?: EventData): Promise<Store>;
  /** Every byte the driver keeps, as text (to prove an erased participant left nothing). */
  rawDump(store: Store): Promise<string>;
  cleanup(): Promise<void>;
}

export function embeddedHarness(): DriverHarness {
  const dirs: string[] = [];
  const dirOf = new WeakMap<Store, string>();
  return {
    name: 'embedded',
    async open() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-store-'));
      dirs.push(dir);
      const store = await openStore({ dataDir: dir });
      dirOf.set(store, dir);
      return store;
    },
    async reopen(store) {
      const dir = dirOf.get(store)!;
      await store.close();
      const reopened = await openStore({ dataDir: dir });
      dirOf.set(reopened, dir);
      return reopened;
    },
    async tamperEvent(store, experimentId, seq, type, data) {
      const dir = dirOf.get(store)!;
      await store.close();
      const file = path.join(dir, 'events', `${encodeName(experimentId)}.jsonl`);
      const lines = (await readFile(file, 'utf8')).split('\n');
      const edited = lines.flatMap((line) => {
        if (!line.startsWith('{"experimentId"')) return [line];
        const doc = JSON.parse(line) as { experimentId: string; seq: number; type: string };
        if (doc.experimentId !== experimentId || doc.seq !== seq) return [line];
        return type === null ? [] : [JSON.stringify({ ...doc, type, ...(data ? { data } : {}) })];
      });
      await writeFile(file, edited.join('\n'));
      const reopened = await openStore({ dataDir: dir });
      dirOf.set(reopened, dir);
      return reopened;
    },
    async rawDump(store) {
      const dir = dirOf.get(store)!;
      // Every file under the data directory (per-participant files included), with its path: a file name holds an id too.
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
      // Names are written encoded (partition-files.ts): the dump shows them decoded, so a leftover file is found by id.
      const decoded = (f: string) => path.relative(dir, f).split(path.sep).map((part) => decodeName(part.replace(/\.jsonl$/, '')) ?? part).join('/');
      const texts = await Promise.all(files.map(async (f) => `${decoded(f)}\n${await readFile(f, 'utf8')}`));
      return texts.join('\n');
    },
    async cleanup() {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** MongoDB: each store gets its own database, dropped at the end. */
export function mongoHarness(givenUri: string): DriverHarness {
  // Drop any database name from the URI: it would win over the per-store database below.
  const uri = givenUri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)\/[^?]*/, '$1/');
  const client = new MongoClient(uri);
  const databases: string[] = [];
  const dbOf = new WeakMap<Store, string>();
  let counter = 0;
  return {
    name: 'mongodb',
    async open() {
      const name = `confiance_test_${process.pid}_${Date.now()}_${counter++}`;
      databases.push(name);
      const store = await openStore({ mongodbUri: uri, mongodbDb: name });
      dbOf.set(store, name);
      return store;
    },
    async reopen(store) {
      const name = dbOf.get(store)!;
      await store.close();
      const reopened = await openStore({ mongodbUri: uri, mongodbDb: name });
      dbOf.set(reopened, name);
      return reopened;
    },
    async tamperEvent(store, experimentId, seq, type, data) {
      const events = client.db(dbOf.get(store)!).collection('events');
      if (type === null) await events.deleteOne({ experimentId, seq });
      else await events.updateOne({ experimentId, seq }, { $set: { type, ...(data ? { data } : {}) } });
      return store;
    },
    async rawDump(store) {
      const db = client.db(dbOf.get(store)!);
      const parts: string[] = [];
      for (const name of Object.values(COLLECTIONS)) {
        parts.push(JSON.stringify(await db.collection(name).find({}).toArray()));
      }
      return parts.join('\n');
    },
    async cleanup() {
      for (const name of databases) await client.db(name).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
