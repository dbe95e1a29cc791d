import { access, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type GroupCount,
  type IndexSpec,
  type SortSpec,
  type UpdateSpec,
} from '../collection.ts';
import { DamagedRecordError, refusingWith, StoreUnavailableError } from '../errors.ts';
import type { DamagedRecord } from '../types.ts';
import { nedbModel } from './nedb.ts';
import {
  decodeName,
  encodeName,
  ensureDir,
  isTempFile,
  parseLine,
  PARTITION_SUFFIX,
  readPartition,
  rewritePartition,
  serializeLines,
  syncDir,
} from './partition-files.ts';
import type { Journal } from './journal.ts';
import { compareBy, groupCounts, nedbUpdate, page } from './queries.ts';
import { KeyQueue } from './key-queue.ts';
import { appendSync } from './append-sync.ts';
import { legacyNedbDocuments, retireLegacyFile } from './nedb-replay.ts';
import { repairTornTail } from './torn-tail.ts';

type Doc = Record<string, unknown>;

interface Partition {
  experimentId: string;
  participantId: string;
  file: string;
}

/**
 * Open append handles, unique keys and documents are kept for this many recently written partitions: a participant
 * in the middle of a study is read back by the pages (the initial answer recalled on the final one) and written on
 * every answer. A participant holds at most a few hundred records, so this bounds the cache to tens of megabytes.
 */
const CACHED_PARTITIONS = 512;

/** An open append handle and the size of its file, where the next line lands (the offset a journal entry records). */
interface OpenPartition {
  handle: FileHandle;
  size: number;
}

/** What is kept of a recently written partition: its documents in file order and their unique keys. */
interface CachedPartition {
  docs: Doc[];
  keys: Set<string>;
}

/**
 * The embedded store's collections of per-participant records (trials, questionnaire responses, plans): one
 * append-only file per participant (partition-files.ts), instead of one nedb file held in memory.
 *
 * Why: nedb keeps every document in memory and re-reads its whole file at start-up, which does not scale to a
 * million trials (measured: 962 s to open, 5.2 GB to export). Here opening lists file names only; memory holds the
 * list of partitions and, for recently written ones, their unique keys and an open append handle; an export reads
 * one participant's file at a time, in participant order, so its memory does not grow with the data; erasing a
 * participant removes a file, so the data is physically gone at once (no compaction).
 *
 * Semantics are nedb's (and MongoDB's) for everything the repository asks: nedb's matcher, ordering and update
 * modifiers, a unique index (its fields must begin with `participantId`) refusing duplicates with DuplicateKeyError.
 * Writes to one partition are serialized (check, append, commit). With a journal (journal.ts, as the embedded store
 * opens it) the append is not synced: its commit to the shared journal makes it durable, and a checkpoint syncs the
 * file and a new file's folder later; without one, the file is fdatasynced (a new file's folder fsynced) before the
 * write is acknowledged. A crash mid-append leaves a torn last line that was never acknowledged: readers
 * skip it, the next writer cuts it. Updates and partial deletions rewrite one partition crash-safely (temp, rename).
 *
 * Sorted finds stream when the order starts with `participantId` (after fields the filter fixes by equality, such as
 * `experimentId`); any other order is sorted in memory.
 */
export class PartitionedCollection<T extends object> implements Collection<T> {
  private readonly partitions = new Map<string, Partition>();
  private readonly byExperiment = new Map<string, Set<string>>();
  /** Experiment -> its folder, as found at open or created since. */
  private readonly experimentDirs = new Map<string, string>();
  /** Experiments whose folder was listed (or is being listed): their partitions are all in `partitions`. */
  private readonly scans = new Map<string, Promise<void>>();
  /** Participants forgotten while their experiment's folder was being listed: the listing must not bring them back. */
  private readonly forgottenDuringScan = new Map<string, Set<string>>();
  private readonly cache = new Map<string, CachedPartition>();
  private readonly handles = new Map<string, OpenPartition>();
  private readonly locks = new KeyQueue();

  private constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly uniqueFields: readonly string[],
    private readonly journal: Journal | null,
  ) {}

  /**
   * Lists the partitions under <dataDir>/<name>/ (removing temp files a crashed rewrite left), then moves in the
   * documents of a `<name>.db` nedb file written by an earlier version of Confiance, if there is one.
   */
  static async open<T extends object>(
    dataDir: string,
    name: string,
    indexes: readonly IndexSpec[],
    journal: Journal | null = null,
  ): Promise<PartitionedCollection<T>> {
    const unique = indexes.find((i) => i.unique);
    const uniqueFields = unique ? Object.keys(unique.fields) : [];
    if (uniqueFields.length > 0 && uniqueFields[0] !== 'participantId') {
      throw new Error(`${name}: a partitioned collection's unique index must begin with participantId`);
    }
    const dir = path.join(dataDir, name);
    const collection = new PartitionedCollection<T>(name, dir, uniqueFields, journal);
    await refusingWith(`Cannot open ${dir}`, async () => {
      await ensureDir(dir);
      await collection.listExperiments();
      await collection.migrateNedbFile(path.join(dataDir, `${name}.db`));
    });
    return collection;
  }

  /**
   * Opening lists the experiments' folders only: listing every participant's file (100,000 of them in a large study,
   * in each collection) waits until a query needs a whole experiment (`scanned`); a participant's own file is found
   * by its name (`lookup`).
   */
  private async listExperiments(): Promise<void> {
    for (const entry of await readdir(this.dir, { withFileTypes: true })) {
      const experimentId = decodeName(entry.name);
      if (entry.isDirectory() && experimentId !== null) this.experimentDirs.set(experimentId, path.join(this.dir, entry.name));
    }
  }

  /** Lists one experiment's folder once (removing temp files a crashed rewrite left) and remembers its partitions. */
  private scanned(experimentId: string): Promise<void> {
    let scan = this.scans.get(experimentId);
    if (!scan) {
      scan = this.scanExperiment(experimentId);
      this.scans.set(experimentId, scan);
      scan.catch(() => this.scans.delete(experimentId));
    }
    return scan;
  }

  private async scanExperiment(experimentId: string): Promise<void> {
    const experimentDir = this.experimentDirs.get(experimentId);
    if (!experimentDir) return;
    this.forgottenDuringScan.set(experimentId, new Set());
    try {
      const names = await readdir(experimentDir);
      const forgotten = this.forgottenDuringScan.get(experimentId)!;
      const temps: string[] = [];
      for (const fileName of names) {
        if (isTempFile(fileName)) {
          temps.push(path.join(experimentDir, fileName));
          continue;
        }
        if (!fileName.endsWith(PARTITION_SUFFIX)) continue;
        const participantId = decodeName(fileName.slice(0, -PARTITION_SUFFIX.length));
        if (participantId === null || forgotten.has(participantId)) continue;
        const known = this.partitions.get(participantId);
        if (known && known.experimentId !== experimentId) {
          throw new StoreUnavailableError(`${this.dir}: participant ${participantId} has files in two experiments`);
        }
        if (!known) this.remember({ experimentId, participantId, file: path.join(experimentDir, fileName) });
      }
      for (const temp of temps) await rm(temp, { force: true });
    } finally {
      this.forgottenDuringScan.delete(experimentId);
    }
  }

  /** The participant's partition: known already, or found by its file name in an experiment's folder. */
  private async lookup(participantId: string, experimentId?: unknown): Promise<Partition | undefined> {
    const known = this.partitions.get(participantId);
    if (known) return known;
    const experiments = typeof experimentId === 'string' ? [experimentId] : [...this.experimentDirs.keys()];
    for (const experiment of experiments) {
      if (!this.experimentDirs.has(experiment)) continue;
      const scan = this.scans.get(experiment);
      if (scan) {
        // Listed (or being listed): the partition is known once the listing is done, or does not exist there.
        await scan;
        const listed = this.partitions.get(participantId);
        if (listed) return listed;
        continue;
      }
      const file = this.fileOf(experiment, participantId);
      if (await exists(file)) {
        // A write may have remembered it meanwhile.
        const partition = this.partitions.get(participantId) ?? { experimentId: experiment, participantId, file };
        this.remember(partition);
        return partition;
      }
    }
    return undefined;
  }

  /** nedb's line format: later lines replace earlier ones of the same _id, `$$deleted` removes one. */
  private async migrateNedbFile(file: string): Promise<void> {
    const docs = await legacyNedbDocuments(file);
    if (docs === null) return;
    for (const doc of docs) {
      try {
        await this.insertOne(doc as T);
      } catch (error) {
        // Moved already by a migration that a crash interrupted.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    await retireLegacyFile(file);
  }

  async insertOne(doc: T): Promise<void> {
    const record = doc as unknown as Doc;
    const participantId = record.participantId;
    const experimentId = record.experimentId;
    if (typeof participantId !== 'string' || typeof experimentId !== 'string') {
      throw new Error(`${this.name}: a document needs string participantId and experimentId`);
    }
    const line = serializeLines([record]);
    await this.locks.run(participantId, async () => {
      const existing = await this.lookup(participantId);
      if (existing && existing.experimentId !== experimentId) {
        throw new Error(`${this.name}: participant ${participantId} belongs to ${existing.experimentId}, not ${experimentId}`);
      }
      const partition = existing ?? { experimentId, participantId, file: this.fileOf(experimentId, participantId) };
      const cached = await this.cached(partition);
      const key = this.keyOf(record);
      if (key !== null && cached.keys.has(key)) throw new DuplicateKeyError(this.name);
      if (!existing) await this.ensureExperimentDir(experimentId);
      const open = await this.handleOf(partition);
      try {
        const offset = open.size;
        open.size += appendSync(open.handle.fd, line);
        if (this.journal) await this.journal.commit(partition.file, offset, line);
        else {
          await open.handle.datasync();
          if (!existing) await syncDir(path.dirname(partition.file));
        }
      } catch (error) {
        // The file may hold part of the line: drop what we hold, the next writer reloads and cuts a torn tail.
        this.forget(participantId, { keepPartition: existing !== undefined });
        await this.closeHandle(participantId).catch(() => undefined);
        throw new StoreUnavailableError(`Cannot write ${partition.file}: ${(error as Error).message}`, { cause: error });
      }
      if (!existing) this.remember(partition);
      if (key !== null) cached.keys.add(key);
      cached.docs.push(parseLine(line));
    });
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    for await (const doc of this.find(filter, { ...options, limit: 1 })) return doc;
    return null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const skip = options.skip ?? 0;
    const limit = options.limit ?? Infinity;
    if (limit <= 0) return;
    const order = this.partitionOrder(filter, options.sort);
    const within = options.sort ? compareBy(options.sort) : null;
    if (order === null) {
      // An order that does not start with the participant: every match, sorted in memory.
      const all: Doc[] = [];
      for (const partition of await this.candidates(filter)) all.push(...(await this.matching(partition, filter)));
      if (within) all.sort(within);
      yield* page(all as T[], skip, limit);
      return;
    }
    const partitions = (await this.candidates(filter)).sort((a, b) => order * nedbModel.compareThings(a.participantId, b.participantId));
    const inOrder = async function* (collection: PartitionedCollection<T>): AsyncGenerator<T> {
      for (const partition of partitions) {
        const docs = await collection.matching(partition, filter);
        if (within) docs.sort(within);
        yield* docs as T[];
      }
    };
    yield* page(inOrder(this), skip, limit);
  }

  async count(filter: Filter): Promise<number> {
    let n = 0;
    for (const partition of await this.candidates(filter)) n += (await this.matching(partition, filter)).length;
    return n;
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    const docs: Doc[] = [];
    for (const partition of await this.candidates(filter)) docs.push(...(await this.matching(partition, filter)));
    return groupCounts(docs, fields);
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    return (await this.update(filter, update, false)) > 0;
  }

  updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    return this.update(filter, update, true);
  }

  async deleteMany(filter: Filter): Promise<number> {
    let removed = 0;
    for (const partition of await this.candidates(filter)) {
      removed += await this.locks.run(partition.participantId, async () => {
        const docs = await this.loadForWrite(partition);
        const kept = docs.filter((doc) => !nedbModel.match(doc, filter));
        if (kept.length === docs.length) return 0;
        this.forget(partition.participantId, { keepPartition: kept.length > 0 });
        await this.closeHandle(partition.participantId);
        await this.beforeRewrite();
        await rewritePartition(partition.file, kept);
        return docs.length - kept.length;
      });
    }
    return removed;
  }

  /** The first unreadable line of each of the experiment's files (a torn last line is not damage: never acknowledged). */
  async damagedRecords(experimentId: string): Promise<DamagedRecord[]> {
    const damaged: DamagedRecord[] = [];
    await this.scanned(experimentId);
    for (const participantId of this.byExperiment.get(experimentId) ?? []) {
      const partition = this.partitions.get(participantId);
      if (!partition) continue;
      try {
        await readPartition(partition.file);
      } catch (error) {
        if (!(error instanceof DamagedRecordError)) throw error;
        damaged.push({ file: error.file, line: error.line, reason: error.reason });
      }
    }
    return damaged;
  }

  /** Waits for every write in progress and closes the append handles. */
  async close(): Promise<void> {
    await this.locks.settled();
    for (const participantId of [...this.handles.keys()]) await this.closeHandle(participantId);
  }

  private async update(filter: Filter, update: UpdateSpec, multi: boolean): Promise<number> {
    const modifier = nedbUpdate(update);
    let changed = 0;
    for (const partition of await this.candidates(filter)) {
      changed += await this.locks.run(partition.participantId, async () => {
        const docs = await this.loadForWrite(partition);
        let n = 0;
        const next = docs.map((doc) => {
          if ((!multi && changed + n > 0) || !nedbModel.match(doc, filter)) return doc;
          n += 1;
          const updated = nedbModel.modify(doc, modifier) as Doc;
          if (updated.participantId !== doc.participantId || updated.experimentId !== doc.experimentId) {
            throw new Error(`${this.name}: an update cannot move a document to another participant or experiment`);
          }
          return updated;
        });
        if (n === 0) return 0;
        const keys = next.map((doc) => this.keyOf(doc)).filter((k) => k !== null);
        if (new Set(keys).size !== keys.length) throw new DuplicateKeyError(this.name);
        this.forget(partition.participantId, { keepPartition: true });
        await this.closeHandle(partition.participantId);
        await this.beforeRewrite();
        await rewritePartition(partition.file, next);
        return n;
      });
      if (!multi && changed > 0) break;
    }
    return changed;
  }

  /**
   * Partitions a filter can match: the participant's own when it names one, else its experiment's, else all (the
   * experiments' folders listed first when they were not).
   */
  private async candidates(filter: Filter): Promise<Partition[]> {
    const participant = filter.participantId;
    const experiment = filter.experimentId;
    const out: Partition[] = [];
    const keep = (partition: Partition | undefined) => {
      if (partition && (typeof experiment !== 'string' || partition.experimentId === experiment)) out.push(partition);
    };
    if (typeof participant === 'string' || isInList(participant)) {
      const ids = typeof participant === 'string' ? [participant] : participant.$in.filter((p): p is string => typeof p === 'string');
      for (const id of ids) keep(await this.lookup(id, experiment));
      return out;
    }
    if (typeof experiment === 'string') {
      await this.scanned(experiment);
      for (const id of this.byExperiment.get(experiment) ?? []) keep(this.partitions.get(id));
      return out;
    }
    for (const id of this.experimentDirs.keys()) await this.scanned(id);
    for (const partition of this.partitions.values()) keep(partition);
    return out;
  }

  /**
   * 1 or -1 when a sort visits participants in ascending or descending order (after the fields the filter fixes by
   * equality), null when it does not.
   */
  private partitionOrder(filter: Filter, sort: SortSpec | undefined): 1 | -1 | null {
    if (!sort) return 1;
    for (const [field, direction] of Object.entries(sort)) {
      if (field === 'participantId') return direction;
      const fixed = filter[field];
      if (fixed === undefined || (typeof fixed === 'object' && fixed !== null && !(fixed instanceof Date))) return null;
    }
    return 1;
  }

  /** Matching documents, fresh objects the caller may keep (read from the file, or copied from the cache). */
  private async matching(partition: Partition, filter: Filter): Promise<Doc[]> {
    const cached = this.cache.get(partition.participantId);
    if (cached) return cached.docs.filter((doc) => nedbModel.match(doc, filter)).map((doc) => nedbModel.deepCopy(doc) as Doc);
    const { docs } = await readPartition(partition.file);
    return docs.filter((doc) => nedbModel.match(doc, filter));
  }

  /**
   * Before a partition is rewritten or removed: a journal checkpoint, so that no journal entry refers to the file as
   * it was (a replay would write it back), and none holds the records an erasure removes.
   */
  private async beforeRewrite(): Promise<void> {
    await this.journal?.checkpoint();
  }

  /** Under the partition's lock: its documents, after cutting a torn last line. */
  private async loadForWrite(partition: Partition): Promise<Doc[]> {
    const parsed = await readPartition(partition.file);
    if (parsed.completeBytes < parsed.size) {
      await this.closeHandle(partition.participantId);
      await repairTornTail(partition.file);
    }
    return parsed.docs;
  }

  /** Under the partition's lock: what is kept of it, loaded (and a torn tail cut) when it is not. */
  private async cached(partition: Partition): Promise<CachedPartition> {
    const hit = recentlyUsed(this.cache, partition.participantId);
    if (hit) return hit;
    const docs = await this.loadForWrite(partition);
    const keys = new Set<string>();
    for (const doc of docs) {
      const key = this.keyOf(doc);
      if (key !== null) keys.add(key);
    }
    const entry = { docs, keys };
    this.cache.set(partition.participantId, entry);
    if (this.cache.size > CACHED_PARTITIONS) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }

  private keyOf(doc: Doc): string | null {
    if (this.uniqueFields.length === 0) return null;
    return JSON.stringify(this.uniqueFields.map((f) => nedbModel.getDotValue(doc, f) ?? null));
  }

  private async handleOf(partition: Partition): Promise<OpenPartition> {
    const kept = recentlyUsed(this.handles, partition.participantId);
    if (kept) return kept;
    const handle = await open(partition.file, 'a');
    let size: number;
    try {
      ({ size } = await handle.stat());
    } catch (error) {
      await handle.close();
      throw error;
    }
    const opened = { handle, size };
    this.handles.set(partition.participantId, opened);
    if (this.handles.size > CACHED_PARTITIONS) {
      const oldest = this.handles.keys().next().value as string;
      // Closed under its own partition's lock, after any write to it that is in progress.
      void this.locks.run(oldest, () => this.closeHandle(oldest)).catch(() => undefined);
    }
    return opened;
  }

  private async closeHandle(participantId: string): Promise<void> {
    const opened = this.handles.get(participantId);
    if (!opened) return;
    this.handles.delete(participantId);
    await opened.handle.close();
  }

  /** Creates an experiment's folder on its first record; a new folder has nothing to list. */
  private async ensureExperimentDir(experimentId: string): Promise<void> {
    if (this.experimentDirs.has(experimentId)) return;
    const dir = path.join(this.dir, encodeName(experimentId));
    await ensureDir(dir);
    if (!this.experimentDirs.has(experimentId)) {
      this.experimentDirs.set(experimentId, dir);
      this.scans.set(experimentId, Promise.resolve());
    }
  }

  private fileOf(experimentId: string, participantId: string): string {
    return path.join(this.dir, encodeName(experimentId), `${encodeName(participantId)}${PARTITION_SUFFIX}`);
  }

  private remember(partition: Partition): void {
    this.partitions.set(partition.participantId, partition);
    let set = this.byExperiment.get(partition.experimentId);
    if (!set) this.byExperiment.set(partition.experimentId, (set = new Set()));
    set.add(partition.participantId);
  }

  private forget(participantId: string, options: { keepPartition: boolean }): void {
    this.cache.delete(participantId);
    if (options.keepPartition) return;
    const partition = this.partitions.get(participantId);
    if (!partition) return;
    this.forgottenDuringScan.get(partition.experimentId)?.add(participantId);
    this.partitions.delete(participantId);
    this.byExperiment.get(partition.experimentId)?.delete(participantId);
  }
}

/** The value kept under `key`, moved to the most recently used end of the map (whose first key is evicted first). */
function recentlyUsed<V>(map: Map<string, V>, key: string): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

function isInList(value: unknown): value is { $in: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { $in?: unknown }).$in);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
