import { NedbDatastore } from './nedb.ts';
import { serializeDoc } from './line-format.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Collection, CollectionSpec, Database, IndexSpec } from '../collection.ts';
import { refusingWith, StoreUnavailableError } from '../errors.ts';
import type { DamagedRecord } from '../types.ts';
import { firstDamagedLine } from './damaged-line.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { eraseFromBackups } from './legacy-backups.ts';
import { Appender } from './appender.ts';
import { Journal } from './journal.ts';
import { NedbCollection } from './nedb-collection.ts';
import { KeyedCollection } from './keyed-collection.ts';
import { PartitionedCollection } from './partitioned-collection.ts';
import { SequenceCollection } from './sequence-collection.ts';
import { repairTornTail } from './torn-tail.ts';

/**
 * nedb indexes: unique ones as compound indexes (nedb enforces them), plus a single-field index on the first field
 * of every index, because nedb narrows a query with an index only on a plain equality on one field (or on all
 * fields of a compound index at once). E.g. trials of one participant are found through `participantId`.
 */
function nedbIndexes(indexes: readonly IndexSpec[]): { fieldName: string[]; unique: boolean }[] {
  const result = new Map<string, boolean>();
  for (const index of indexes) {
    const fields = Object.keys(index.fields);
    if (index.unique) result.set(fields.join(','), true);
    if (!result.has(fields[0])) result.set(fields[0], false);
  }
  return [...result].map(([fields, unique]) => ({ fieldName: fields.split(','), unique }));
}

/**
 * Routes nedb's appends through an Appender: nedb's own persistence opens, appends to and closes the file for every
 * write while holding its executor, so writes to one collection queue behind each other's file I/O. Here the executor
 * only queues the serialized lines; NedbCollection waits for `durable()` before acknowledging. nedb's compaction
 * (and the one at load) still rewrites the file from memory and renames it; the Appender then reopens it.
 */
function appendThrough(datastore: NedbDatastore, filename: string): Appender {
  const appender = new Appender(filename);
  const persistence = datastore.persistence as unknown as {
    persistNewStateAsync(docs: object[]): Promise<void>;
    persistCachedDatabaseAsync(): Promise<void>;
  };
  const compact = persistence.persistCachedDatabaseAsync.bind(persistence);
  persistence.persistNewStateAsync = async (docs) => {
    let text = '';
    for (const doc of docs) text += `${serializeDoc(doc)}\n`;
    appender.enqueue(text);
  };
  persistence.persistCachedDatabaseAsync = async () => {
    await compact();
    appender.reopen();
  };
  return appender;
}

/**
 * Opens (creating if needed), after locking the directory, one nedb file per small collection in dataDir, and one
 * folder of per-participant files per `perParticipant` collection (trials, responses, plans).
 */
export async function openEmbeddedDatabase(dataDir: string, specs: readonly CollectionSpec[]): Promise<Database> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreUnavailableError(`Cannot create the data directory ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const unlock = await lockDataDir(dataDir);
  let journal: Journal;
  try {
    // Before any collection reads its files: what a crash left in the journal is written back into them first.
    journal = await refusingWith(`Cannot replay the journal of ${dataDir}`, () => Journal.open(dataDir));
  } catch (error) {
    await unlock();
    throw error;
  }
  const collections = new Map<string, NedbCollection<object> | KeyedCollection<object>>();
  const partitioned = new Map<string, PartitionedCollection<object>>();
  const sequences = new Map<string, SequenceCollection<object>>();
  try {
    for (const spec of specs) {
      if (spec.perParticipant) {
        partitioned.set(spec.name, await PartitionedCollection.open(dataDir, spec.name, spec.indexes, journal));
        continue;
      }
      if (spec.embeddedLayout === 'keyed') {
        collections.set(spec.name, await KeyedCollection.open(dataDir, spec.name, spec.indexes, spec.embeddedCounts, journal));
        continue;
      }
      if (spec.embeddedLayout === 'sequence') {
        sequences.set(spec.name, await SequenceCollection.open(dataDir, spec.name, spec.indexes));
        continue;
      }
      const filename = path.join(dataDir, `${spec.name}.db`);
      await repairTornTail(filename);
      // Zero threshold: after the tail repair any unreadable line is real damage, and we refuse to start on it.
      const datastore = new NedbDatastore({ filename, corruptAlertThreshold: 0 });
      const appender = appendThrough(datastore, filename);
      try {
        await datastore.loadDatabaseAsync();
      } catch (error) {
        throw (await firstDamagedLine(filename).catch(() => null)) ??
          new StoreUnavailableError(`Cannot read ${filename}: ${(error as Error).message}`, { cause: error });
      }
      for (const index of nedbIndexes(spec.indexes)) await datastore.ensureIndexAsync(index);
      collections.set(spec.name, new NedbCollection(spec.name, datastore, appender));
    }
  } catch (error) {
    for (const collection of partitioned.values()) await collection.close().catch(() => undefined);
    for (const collection of sequences.values()) await collection.close().catch(() => undefined);
    for (const collection of collections.values()) await collection.closeFile().catch(() => undefined);
    await journal.close().catch(() => undefined);
    await unlock();
    throw error;
  }

  return {
    driver: 'embedded',
    collection<T extends object>(name: string): Collection<T> {
      const collection = collections.get(name) ?? partitioned.get(name) ?? sequences.get(name);
      if (!collection) throw new Error(`unknown collection ${name}`);
      return collection as unknown as Collection<T>;
    },
    async purge(names: readonly string[], erasedParticipantId?: string): Promise<void> {
      // Per-participant and per-experiment files are removed or rewritten by the deletion or update itself.
      for (const name of names) await collections.get(name)?.compact();
      if (erasedParticipantId !== undefined) await eraseFromBackups(dataDir, erasedParticipantId);
    },
    async damagedRecords(experimentId: string): Promise<DamagedRecord[]> {
      const damaged: DamagedRecord[] = [];
      for (const collection of [...partitioned.values(), ...sequences.values()]) damaged.push(...(await collection.damagedRecords(experimentId)));
      return damaged;
    },
    async close(): Promise<void> {
      for (const collection of collections.values()) await collection.settle();
      for (const collection of collections.values()) await collection.closeFile();
      for (const collection of partitioned.values()) await collection.close();
      for (const collection of sequences.values()) await collection.close();
      try {
        await journal.close();
      } finally {
        await unlock();
      }
    },
  };
}
