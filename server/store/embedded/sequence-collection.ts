import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
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
import { compileFilter } from './filter.ts';
import { lastDocument, streamDocuments } from './line-files.ts';
import { nedbModel } from './nedb.ts';
import {
  decodeName,
  encodeName,
  ensureDir,
  isTempFile,
  PARTITION_SUFFIX,
  replaceFile,
  serializeLines,
  syncDir,
} from './partition-files.ts';
import { compareBy, groupCounts, nedbUpdate, page } from './queries.ts';
import { appendSync } from './append-sync.ts';
import { KeyQueue } from './key-queue.ts';
import { legacyNedbDocuments, retireLegacyFile } from './nedb-replay.ts';
import { repairTornTail } from './torn-tail.ts';

type Doc = Record<string, unknown>;

const PARTITION_FIELD = 'experimentId';
const SEQUENCE_FIELD = 'seq';

/** One experiment's log: its file, its last document (the head) and an open append handle. */
interface Log {
  file: string;
  last: Doc | null;
  handle: FileHandle | null;
}

/**
 * Records numbered in sequence within an experiment (the audit events): one append-only file per experiment,
 * `<dataDir>/<name>/<experiment>.jsonl`, in nedb's line format, in `seq` order. Memory holds each experiment's last
 * record only: opening reads the end of each file, appending needs the head of the chain (kept here, so finding it
 * costs the same at any length), and reading streams the file.
 *
 * The unique index (experimentId, seq) holds because a record is accepted only with a seq above the head's (the audit
 * log appends head + 1). Writes to one experiment run one at a time (append, fdatasync; the folder fsynced when the
 * file is new); an update (redaction at erasure) rewrites the experiment's file crash-safely (temporary file, fsync,
 * rename). A torn last line was never acknowledged and is cut at open or before the next write; any other unreadable
 * line stops the read with the file and line. A nedb `<name>.db` of an earlier version is moved in at open and kept as
 * `<name>.db.migrated`.
 */
export class SequenceCollection<T extends object> implements Collection<T> {
  private readonly logs = new Map<string, Log>();
  private readonly locks = new KeyQueue();

  private constructor(
    readonly name: string,
    private readonly dir: string,
  ) {}

  static async open<T extends object>(dataDir: string, name: string, indexes: readonly IndexSpec[]): Promise<SequenceCollection<T>> {
    const unique = indexes.find((i) => i.unique);
    if (!unique || Object.keys(unique.fields).join(',') !== `${PARTITION_FIELD},${SEQUENCE_FIELD}`) {
      throw new Error(`${name}: a sequence collection's unique index must be (${PARTITION_FIELD}, ${SEQUENCE_FIELD})`);
    }
    const dir = path.join(dataDir, name);
    const collection = new SequenceCollection<T>(name, dir);
    await refusingWith(`Cannot open ${dir}`, async () => {
      await ensureDir(dir);
      await collection.migrateNedbFile(path.join(dataDir, `${name}.db`));
      await collection.scan();
    });
    return collection;
  }

  private async scan(): Promise<void> {
    for (const fileName of await readdir(this.dir)) {
      const file = path.join(this.dir, fileName);
      if (isTempFile(fileName)) {
        await rm(file, { force: true });
        continue;
      }
      const experimentId = fileName.endsWith(PARTITION_SUFFIX) ? decodeName(fileName.slice(0, -PARTITION_SUFFIX.length)) : null;
      if (experimentId === null) continue;
      await repairTornTail(file);
      this.logs.set(experimentId, { file, last: await lastDocument(file), handle: null });
    }
  }

  /** nedb's line format: later lines replace earlier ones of the same _id, `$$deleted` removes one. */
  private async migrateNedbFile(file: string): Promise<void> {
    const live = await legacyNedbDocuments(file);
    if (live === null) return;
    const byExperiment = new Map<string, Doc[]>();
    for (const doc of live) {
      const experimentId = String(doc[PARTITION_FIELD]);
      if (!byExperiment.has(experimentId)) byExperiment.set(experimentId, []);
      byExperiment.get(experimentId)!.push(doc);
    }
    for (const [experimentId, docs] of byExperiment) {
      docs.sort((a, b) => (a[SEQUENCE_FIELD] as number) - (b[SEQUENCE_FIELD] as number));
      await this.rewrite(this.fileOf(experimentId), docs);
    }
    await retireLegacyFile(file);
  }

  async insertOne(doc: T): Promise<void> {
    const record = doc as unknown as Doc;
    const experimentId = record[PARTITION_FIELD];
    const seq = record[SEQUENCE_FIELD];
    if (typeof experimentId !== 'string' || typeof seq !== 'number') {
      throw new Error(`${this.name}: a document needs a string ${PARTITION_FIELD} and a number ${SEQUENCE_FIELD}`);
    }
    const line = serializeLines([record]);
    await this.locks.run(experimentId, async () => {
      let log = this.logs.get(experimentId);
      const created = !log;
      if (log && log.last && (log.last[SEQUENCE_FIELD] as number) >= seq) throw new DuplicateKeyError(this.name);
      log ??= { file: this.fileOf(experimentId), last: null, handle: null };
      try {
        log.handle ??= await open(log.file, 'a');
        appendSync(log.handle.fd, line);
        await log.handle.datasync();
        if (created) await syncDir(this.dir);
      } catch (error) {
        // The file may hold part of the line: cut it before anything else is written.
        await log.handle?.close().catch(() => undefined);
        log.handle = null;
        await repairTornTail(log.file).catch(() => undefined);
        throw new StoreUnavailableError(`Cannot write ${log.file}: ${(error as Error).message}`, { cause: error });
      }
      log.last = nedbModel.deepCopy(record) as Doc;
      this.logs.set(experimentId, log);
    });
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    const experimentId = filter[PARTITION_FIELD];
    const sort = options.sort ? Object.entries(options.sort) : [];
    const headOnly = Object.keys(filter).length === 1 && sort.length === 1 && sort[0][0] === SEQUENCE_FIELD && sort[0][1] === -1;
    if (typeof experimentId === 'string' && headOnly) {
      const last = this.logs.get(experimentId)?.last;
      return last ? (nedbModel.deepCopy(last) as T) : null;
    }
    for await (const doc of this.find(filter, { ...options, limit: 1 })) return doc;
    return null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const inFileOrder = !options.sort || (Object.keys(options.sort).join(',') === SEQUENCE_FIELD && options.sort[SEQUENCE_FIELD] === 1);
    let docs: AsyncIterable<Doc> | Doc[] = this.matching(filter);
    if (!inFileOrder) {
      const all: Doc[] = [];
      for await (const doc of docs) all.push(doc);
      docs = all.sort(compareBy(options.sort!));
    }
    yield* page(docs as AsyncIterable<T> | T[], options.skip ?? 0, options.limit ?? Infinity);
  }

  async count(filter: Filter): Promise<number> {
    let n = 0;
    for await (const doc of this.matching(filter)) n += doc ? 1 : 0;
    return n;
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    const docs: Doc[] = [];
    for await (const doc of this.matching(filter)) docs.push(doc);
    return groupCounts(docs, fields);
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    return (await this.update(filter, update, false)) > 0;
  }

  updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    return this.update(filter, update, true);
  }

  /** Not used by the repository (events are never deleted, only redacted); kept for the interface. */
  async deleteMany(filter: Filter): Promise<number> {
    return this.rewriteMatching(filter, () => null, true);
  }

  /** The first unreadable line of the experiment's log, if any (a torn last line is not damage). */
  async damagedRecords(experimentId: string): Promise<DamagedRecord[]> {
    const log = this.logs.get(experimentId);
    if (!log) return [];
    try {
      for await (const doc of streamDocuments(log.file)) void doc;
      return [];
    } catch (error) {
      if (!(error instanceof DamagedRecordError)) throw error;
      return [{ file: error.file, line: error.line, reason: error.reason }];
    }
  }

  async close(): Promise<void> {
    await this.locks.settled();
    for (const log of this.logs.values()) {
      await log.handle?.close();
      log.handle = null;
    }
  }

  private update(filter: Filter, update: UpdateSpec, multi: boolean): Promise<number> {
    const modifier = nedbUpdate(update);
    return this.rewriteMatching(
      filter,
      (doc) => {
        const updated = nedbModel.modify(doc, modifier) as Doc;
        if (updated[PARTITION_FIELD] !== doc[PARTITION_FIELD] || updated[SEQUENCE_FIELD] !== doc[SEQUENCE_FIELD]) {
          throw new Error(`${this.name}: an update cannot change ${PARTITION_FIELD} or ${SEQUENCE_FIELD}`);
        }
        return updated;
      },
      multi,
    );
  }

  /**
   * Under each candidate experiment's lock: when a document matches, rewrites the file with `change` applied to the
   * matching ones (null removes one), streaming (a long log is never held in memory). Returns how many matched.
   */
  private async rewriteMatching(filter: Filter, change: (doc: Doc) => Doc | null, multi: boolean): Promise<number> {
    const matches = compileFilter(filter);
    let total = 0;
    for (const experimentId of this.candidates(filter)) {
      total += await this.locks.run(experimentId, async () => {
        const log = this.logs.get(experimentId);
        if (!log) return 0;
        let found = false;
        for await (const doc of streamDocuments(log.file)) {
          if (matches(doc)) {
            found = true;
            break;
          }
        }
        if (!found) return 0;
        let n = 0;
        let last: Doc | null = null;
        const changed = async function* (): AsyncGenerator<Doc> {
          for await (const doc of streamDocuments(log.file)) {
            const next = (multi || n === 0) && matches(doc) ? (n++, change(doc)) : doc;
            if (next === null) continue;
            last = next;
            yield next;
          }
        };
        await log.handle?.close();
        log.handle = null;
        await this.rewrite(log.file, changed());
        log.last = last;
        return n;
      });
      if (!multi && total > 0) break;
    }
    return total;
  }

  private async *matching(filter: Filter): AsyncGenerator<Doc> {
    const matches = compileFilter(filter);
    for (const experimentId of this.candidates(filter)) {
      const log = this.logs.get(experimentId);
      if (!log) continue;
      for await (const doc of streamDocuments(log.file)) if (matches(doc)) yield doc;
    }
  }

  private candidates(filter: Filter): string[] {
    const experimentId = filter[PARTITION_FIELD];
    if (typeof experimentId === 'string') return this.logs.has(experimentId) ? [experimentId] : [];
    return [...this.logs.keys()].sort();
  }

  private fileOf(experimentId: string): string {
    return path.join(this.dir, `${encodeName(experimentId)}${PARTITION_SUFFIX}`);
  }

  /** Replaces a file with these documents, crash-safely (partition-files.ts `replaceFile`). */
  private async rewrite(file: string, docs: Iterable<Doc> | AsyncIterable<Doc>): Promise<void> {
    await replaceFile(
      file,
      (async function* batches() {
        let batch: Doc[] = [];
        for await (const doc of docs) {
          batch.push(doc);
          if (batch.length >= 2000) {
            yield serializeLines(batch);
            batch = [];
          }
        }
        if (batch.length > 0) yield serializeLines(batch);
      })(),
    );
  }
}
