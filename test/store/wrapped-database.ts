/**
 * A Database whose collections report every operation to hooks, around the real (embedded) ones: to count the store
 * operations of a request and to inject failures before or after a write, as a MongoDB without a majority or a
 * failover would produce them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Collection, Database, Filter } from '../../server/store/collection.ts';
import { updateReturning } from '../../server/store/returning-update.ts';
import { openEmbeddedDatabase } from '../../server/store/embedded/open-embedded.ts';
import { createRepository } from '../../server/store/repository.ts';
import { COLLECTION_SPECS } from '../../server/store/schema.ts';
import type { Store } from '../../server/store/index.ts';

export type Operation = 'insertOne' | 'findOne' | 'find' | 'count' | 'countBy' | 'updateOne' | 'findOneAndUpdate' | 'updateMany' | 'deleteMany' | 'medianSpan';

export interface OperationCall {
  collection: string;
  operation: Operation;
  filter: Filter | object;
}

export interface Hooks {
  /** Called before the operation reaches the real collection; throwing makes it fail without effect. */
  before?(call: OperationCall): void;
  /** Called after it took effect; throwing makes it fail although it was applied (a lost acknowledgement). */
  after?(call: OperationCall): void;
  /** Called when the operation is over, whichever way (a find: when its reader stops). */
  settled?(call: OperationCall): void;
}

function wrapCollection<T extends object>(name: string, inner: Collection<T>, hooks: Hooks): Collection<T> {
  async function run<R>(operation: Operation, filter: Filter | object, call: () => Promise<R>): Promise<R> {
    const c = { collection: name, operation, filter };
    try {
      hooks.before?.(c);
      const result = await call();
      hooks.after?.(c);
      return result;
    } finally {
      hooks.settled?.(c);
    }
  }
  const wrapped: Collection<T> = {
    insertOne: (doc) => run('insertOne', doc, () => inner.insertOne(doc)),
    findOne: (filter, options) => run('findOne', filter, () => inner.findOne(filter, options)),
    async *find(filter, options) {
      const c = { collection: name, operation: 'find' as const, filter };
      try {
        hooks.before?.(c);
        yield* inner.find(filter, options);
        hooks.after?.(c);
      } finally {
        hooks.settled?.(c);
      }
    },
    count: (filter) => run('count', filter, () => inner.count(filter)),
    countBy: (filter, fields) => run('countBy', filter, () => inner.countBy(filter, fields)),
    updateOne: (filter, update) => run('updateOne', filter, () => inner.updateOne(filter, update)),
    // MongoDB's findOneAndUpdate is one command (findAndModify); the embedded driver has none, so, counted as the one
    // operation MongoDB makes of it, it is what the repository composes there (returning-update.ts).
    findOneAndUpdate: (filter, update) =>
      run('findOneAndUpdate', filter, async () => (await updateReturning(inner, filter, update, { id: filter.id })).after),
    updateMany: (filter, update) => run('updateMany', filter, () => inner.updateMany(filter, update)),
    deleteMany: (filter) => run('deleteMany', filter, () => inner.deleteMany(filter)),
  };
  if (inner.medianSpan) {
    const median = inner.medianSpan.bind(inner);
    wrapped.medianSpan = (filter, from, to) => run('medianSpan', filter, () => median(filter, from, to));
  }
  return wrapped;
}

/** The database with every collection wrapped (one wrapper per collection, made once). */
export function wrapDatabase(db: Database, hooks: Hooks): Database {
  const wrapped = new Map<string, Collection<object>>();
  return {
    driver: db.driver,
    collection<T extends object>(name: string): Collection<T> {
      if (!wrapped.has(name)) wrapped.set(name, wrapCollection(name, db.collection<object>(name), hooks));
      return wrapped.get(name) as unknown as Collection<T>;
    },
    purge: (collections, erased) => db.purge(collections, erased),
    damagedRecords: (experimentId) => db.damagedRecords(experimentId),
    close: () => db.close(),
  };
}

/** A store over a fresh embedded database in a temporary directory, its collections wrapped with `hooks`. */
export async function openWrappedStore(hooks: Hooks): Promise<{ store: Store; dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'confiance-wrapped-'));
  const store = await openHookedStore(dir, hooks);
  return {
    store,
    dir,
    async cleanup() {
      await store.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Where an injected failure strikes: the `at`-th operation (from 0) since `start`, before it applies or after. */
export interface Injection {
  at: number;
  when: 'before' | 'after';
}

/**
 * Hooks that, between `start()` and `stop()`, record each operation's name (`collection.operation`) and, with an
 * injection, make that operation fail once (then stop counting).
 */
export function failureInjector(injection: Injection | null) {
  let counting = false;
  const operations: string[] = [];
  const fail = (when: Injection['when'], c: OperationCall) => {
    if (!counting) return;
    if (when === 'before') operations.push(`${c.collection}.${c.operation}`);
    if (injection && injection.when === when && operations.length - 1 === injection.at) {
      counting = false;
      throw new Error(`injected failure ${when} ${c.collection}.${c.operation}`);
    }
  };
  return {
    hooks: { before: (c: OperationCall) => fail('before', c), after: (c: OperationCall) => fail('after', c) } satisfies Hooks,
    operations,
    /** Runs `work` with counting (and the injection) on. */
    async during<T>(work: () => Promise<T>): Promise<T> {
      counting = true;
      try {
        return await work();
      } finally {
        counting = false;
      }
    },
  };
}

/** A store over the embedded database in `dataDir`, its collections wrapped with `hooks` (for the app harnesses). */
export async function openHookedStore(dataDir: string, hooks: Hooks): Promise<Store> {
  return createRepository(wrapDatabase(await openEmbeddedDatabase(dataDir, COLLECTION_SPECS), hooks));
}
