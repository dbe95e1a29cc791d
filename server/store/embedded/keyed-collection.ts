import { rm } from 'node:fs/promises';
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
import { DamagedRecordError, refusingWith } from '../errors.ts';
import { Appender } from './appender.ts';
import { compileFilter } from './filter.ts';
import { median } from '../median.ts';
import { spans } from '../spans.ts';
import { nedbModel } from './nedb.ts';
import { serializeDoc } from './line-format.ts';
import { replaceFile } from './partition-files.ts';
import { streamDocuments } from './line-files.ts';
import { NedbReplay, withoutId } from './nedb-replay.ts';
import type { Journal } from './journal.ts';
import { compareBy, groupCounts, nedbUpdate } from './queries.ts';
import { repairTornTail } from './torn-tail.ts';

type Doc = Record<string, unknown>;

/** How many documents of one experiment have these values of the counted fields. */
interface CountGroup {
  values: Doc;
  count: number;
  /** The group's values of the range field (ms), sorted: how many lie before a date is a binary search. */
  times: number[];
  /** The group's spans (ms from `span.from` to `span.to`, both Dates), sorted: medians without reading documents. */
  spans: number[];
}

interface CountSpec {
  fields: readonly string[];
  narrowBy: string;
  rangeField: string;
  span: { from: string; to: string };
}

const RANGE_OPERATORS = new Set(['$lt', '$lte', '$gt', '$gte']);

/** Field whose value narrows a query to one experiment's documents. */
const EXPERIMENT_FIELD = 'experimentId';
/** Lines written per chunk when a compaction rewrites the file. */
const COMPACTION_CHUNK = 2000;

/**
 * A collection keyed by one unique field (participants by `id`), held in memory and kept on disk as an append-only
 * log in nedb's line format (`participants.db`: one JSON document per line, `_id` the key, a later line replacing an
 * earlier one, `{"$$deleted":true,"_id":...}` removing it), so files written by nedb (earlier versions) open as they
 * are.
 *
 * Why not nedb: nedb keeps an index per field in AVL trees whose values are arrays, and removes a document from the
 * array of its key by a linear scan on every update: with one `experimentId` for a whole study, each answer cost
 * O(participants) (35 ms at 100,000). Here a document is found by its key in a Map, a study's documents in a Map per
 * experiment, and queries are compiled predicates (filter.ts) over those documents: a step update costs the same at
 * any size, and a count over 100,000 participants a few milliseconds. Documents are never modified in place (an update
 * stores a new object), so readers and a compaction can hold references safely.
 *
 * Durability: every write is appended through an Appender (group commit: concurrent writes share one fdatasync; with
 * the store's journal, one fdatasync of the journal shared with the other files' writes) and acknowledged once on disk. A crash mid-append leaves a torn last line that was never acknowledged: it is cut at
 * open (torn-tail.ts). Any other unreadable line stops the open with the file and line. When obsolete lines outnumber
 * live documents, the file is compacted (written from memory to a temporary file, fsynced, renamed over it).
 */
export class KeyedCollection<T extends object> implements Collection<T> {
  private readonly docs = new Map<string, Doc>();
  /**
   * experiment -> value of the `narrowBy` field ('' without one) -> those documents: a query fixing the experiment
   * reads its documents only, and one also fixing that field (e.g. status: 'active') only those.
   */
  private readonly byExperiment = new Map<string, Map<string, Map<string, Doc>>>();
  /** experiment -> name of a combination of counted values -> its count (see CollectionSpec.embeddedCounts). */
  private readonly groups = new Map<string, Map<string, CountGroup>>();
  private obsoleteLines = 0;
  private loading = false;
  private compacting: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    private readonly file: string,
    private readonly key: string,
    private readonly appender: Appender,
    private readonly counts: CountSpec | undefined,
  ) {}

  static async open<T extends object>(
    dataDir: string,
    name: string,
    indexes: readonly IndexSpec[],
    counts?: CountSpec,
    journal: Journal | null = null,
  ): Promise<KeyedCollection<T>> {
    const unique = indexes.filter((i) => i.unique);
    const keyFields = unique.length === 1 ? Object.keys(unique[0].fields) : [];
    if (keyFields.length !== 1) throw new Error(`${name}: a keyed collection needs exactly one unique index, on one field`);
    const file = path.join(dataDir, `${name}.db`);
    const collection = new KeyedCollection<T>(name, file, keyFields[0], new Appender(file, journal), counts);
    await refusingWith(`Cannot read ${file}`, async () => {
      await rm(`${file}.tmp`, { force: true });
      await repairTornTail(file);
      await collection.load();
    });
    return collection;
  }

  /** Replays the log (nedb-replay.ts); documents keep their `_id` in memory (copying every one without it costs more). */
  private async load(): Promise<void> {
    const replay = new NedbReplay((doc) => {
      const key = doc[this.key];
      if (typeof key !== 'string') throw new DamagedRecordError(this.file, replay.lines, `no string ${this.key}`);
      return key;
    });
    for await (const doc of streamDocuments(this.file)) replay.apply(doc);
    // The per-experiment maps and counters are built once, from the live documents only.
    this.loading = true;
    for (const [key, doc] of replay.live) {
      this.docs.set(key, doc);
      this.index(key, doc);
    }
    for (const groups of this.groups.values()) {
      for (const group of groups.values()) {
        group.times.sort((a, b) => a - b);
        group.spans.sort((a, b) => a - b);
      }
    }
    this.loading = false;
    this.obsoleteLines = replay.lines - this.docs.size;
  }

  async insertOne(doc: T): Promise<void> {
    const record = { ...(doc as unknown as Doc) };
    const key = record[this.key];
    if (typeof key !== 'string') throw new Error(`${this.name}: a document needs a string ${this.key}`);
    if (this.docs.has(key)) throw new DuplicateKeyError(this.name);
    this.remember(key, record);
    this.appender.enqueue(this.line(key, record));
    await this.appender.durable();
  }

  async findOne(filter: Filter, options: { sort?: SortSpec } = {}): Promise<T | null> {
    for await (const doc of this.find(filter, { ...options, limit: 1 })) return doc;
    return null;
  }

  async *find(filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    const matches = this.matching(filter);
    if (options.sort) matches.sort(compareBy(options.sort));
    const skip = options.skip ?? 0;
    const end = options.limit ? skip + options.limit : undefined;
    // A shallow copy: stored documents are flat and never modified in place (their Dates are shared, never changed).
    for (const doc of matches.slice(skip, end)) yield withoutId(doc) as T;
  }

  async count(filter: Filter): Promise<number> {
    const counted = this.fromCounters(filter, []);
    return counted ? counted.reduce((sum, g) => sum + g.count, 0) : this.matching(filter).length;
  }

  async countBy(filter: Filter, fields: readonly string[]): Promise<GroupCount[]> {
    return this.fromCounters(filter, fields) ?? groupCounts(this.matching(filter), fields);
  }

  /**
   * The counts from the counters kept on write, when the filter fixes the experiment and otherwise tests only counted
   * fields by equality or `$exists`, and the grouping uses counted fields; else null (the documents are read).
   */
  private fromCounters(filter: Filter, fields: readonly string[]): GroupCount[] | null {
    const selected = this.countedGroups(filter, fields);
    if (!selected) return null;
    const { groups, inRange } = selected;
    const out = new Map<string, GroupCount>();
    for (const group of groups) {
      const count = inRange ? inRange(group.times) : group.count;
      if (count === 0) continue;
      const key = Object.fromEntries(fields.map((f) => [f, group.values[f] ?? null]));
      const id = groupName(key, fields);
      const found = out.get(id);
      if (found) found.count += count;
      else out.set(id, { key, count });
    }
    return [...out.values()];
  }

  /**
   * The counter groups a filter selects (see fromCounters), with its range condition on `rangeField` if any; null
   * when the counters cannot answer it.
   */
  private countedGroups(filter: Filter, fields: readonly string[]): { groups: CountGroup[]; inRange: ((times: number[]) => number) | null } | null {
    const experiment = filter[EXPERIMENT_FIELD];
    if (!this.counts || typeof experiment !== 'string') return null;
    const counted = new Set(this.counts.fields);
    if (!fields.every((f) => counted.has(f))) return null;
    const rest: Record<string, unknown> = {};
    let inRange: ((times: number[]) => number) | null = null;
    for (const [field, condition] of Object.entries(filter)) {
      if (field === EXPERIMENT_FIELD) continue;
      if (field === this.counts.rangeField) {
        inRange = rangeCounter(condition);
        if (inRange === null) return null;
      } else if (!counted.has(field) || !isCountableCondition(condition)) return null;
      else rest[field] = condition;
    }
    const matches = compileFilter(rest);
    const groups = [...(this.groups.get(experiment)?.values() ?? [])].filter((group) => group.count > 0 && matches(group.values));
    return { groups, inRange };
  }

  /** From the sorted spans of the selected counter groups when they keep this span, else over the documents. */
  async medianSpan(filter: Filter, from: string, to: string): Promise<number | null> {
    const selected = this.counts?.span.from === from && this.counts.span.to === to ? this.countedGroups(filter, []) : null;
    if (!selected || selected.inRange) return median(spans(this.matching(filter), from, to));
    return medianOfSorted(selected.groups.map((group) => group.spans));
  }

  async updateOne(filter: Filter, update: UpdateSpec): Promise<boolean> {
    return (await this.update(filter, update, false)) > 0;
  }

  updateMany(filter: Filter, update: UpdateSpec): Promise<number> {
    return this.update(filter, update, true);
  }

  async deleteMany(filter: Filter): Promise<number> {
    const matches = this.matching(filter);
    for (const doc of matches) {
      const key = doc[this.key] as string;
      this.forget(key);
      this.appender.enqueue(`${serializeDoc({ $$deleted: true, _id: key })}\n`);
    }
    if (matches.length > 0) await this.written(matches.length);
    return matches.length;
  }

  /** Rewrites the file with the live documents only (temporary file, fsync, rename, folder fsync). */
  async compact(): Promise<void> {
    // The check and the start in one step after the last wait: no other compaction can start in between.
    while (this.compacting) await this.compacting;
    await this.startCompaction(true);
  }

  /** Waits for any compaction in progress (before closing or compacting); none is running when it resolves. */
  async settle(): Promise<void> {
    while (this.compacting) await this.compacting;
  }

  async closeFile(): Promise<void> {
    await this.appender.close();
  }

  private async update(filter: Filter, update: UpdateSpec, multi: boolean): Promise<number> {
    const modifier = nedbUpdate(update);
    const matches = this.matching(filter, multi ? undefined : 1);
    for (const doc of matches) {
      const updated = nedbModel.modify(doc, modifier) as Doc;
      const key = doc[this.key] as string;
      if (updated[this.key] !== key || updated[EXPERIMENT_FIELD] !== doc[EXPERIMENT_FIELD]) {
        throw new Error(`${this.name}: an update cannot change ${this.key} or ${EXPERIMENT_FIELD}`);
      }
      this.remember(key, updated);
      this.appender.enqueue(this.line(key, updated));
    }
    if (matches.length > 0) await this.written(matches.length);
    return matches.length;
  }

  /** Documents the filter matches: the key's own when the filter names it, else its experiment's, else all. */
  private matching(filter: Filter, limit = Infinity): Doc[] {
    const key = filter[this.key];
    const experiment = filter[EXPERIMENT_FIELD];
    let candidates: Iterable<Doc>;
    if (typeof key === 'string') {
      const doc = this.docs.get(key);
      candidates = doc ? [doc] : [];
    } else if (typeof experiment === 'string') {
      const narrowValue = this.counts ? filter[this.counts.narrowBy] : undefined;
      const byValue = this.byExperiment.get(experiment);
      candidates =
        typeof narrowValue === 'string'
          ? (byValue?.get(narrowValue)?.values() ?? [])
          : [...(byValue?.values() ?? [])].flatMap((docs) => [...docs.values()]);
    } else candidates = this.docs.values();
    const matches = compileFilter(filter);
    const out: Doc[] = [];
    for (const doc of candidates) {
      if (!matches(doc)) continue;
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The stored line of a document: nedb's format, with the key as `_id`. */
  private line(key: string, doc: Doc): string {
    return `${serializeDoc({ ...doc, _id: key })}\n`;
  }

  private narrowValue(doc: Doc): string {
    const value = this.counts ? doc[this.counts.narrowBy] : undefined;
    return typeof value === 'string' ? value : '';
  }

  private remember(key: string, doc: Doc): void {
    this.forget(key);
    this.docs.set(key, doc);
    this.index(key, doc);
  }

  /** Adds the document to its experiment's maps and its counter. */
  private index(key: string, doc: Doc): void {
    const experiment = doc[EXPERIMENT_FIELD];
    if (typeof experiment !== 'string') return;
    mapIn(mapIn(this.byExperiment, experiment), this.narrowValue(doc)).set(key, doc);
    if (!this.counts) return;
    const groups = mapIn(this.groups, experiment);
    const name = groupName(doc, this.counts.fields);
    let group = groups.get(name);
    if (!group) {
      group = { values: Object.fromEntries(this.counts.fields.map((f) => [f, doc[f]])), count: 0, times: [], spans: [] };
      groups.set(name, group);
    }
    group.count += 1;
    const time = doc[this.counts.rangeField];
    if (time instanceof Date) this.addSorted(group.times, time.getTime());
    const span = spanOf(doc, this.counts.span);
    if (span !== null) this.addSorted(group.spans, span);
  }

  /** Inserts in order; while loading, appends (the arrays are sorted once at the end, see load). */
  private addSorted(sorted: number[], value: number): void {
    if (this.loading) sorted.push(value);
    else sorted.splice(lowerBound(sorted, value), 0, value);
  }

  private forget(key: string): void {
    const doc = this.docs.get(key);
    if (!doc) return;
    this.docs.delete(key);
    const experiment = doc[EXPERIMENT_FIELD];
    if (typeof experiment !== 'string') return;
    this.byExperiment.get(experiment)?.get(this.narrowValue(doc))?.delete(key);
    if (!this.counts) return;
    const groups = this.groups.get(experiment);
    const name = groupName(doc, this.counts.fields);
    const group = groups?.get(name);
    if (!group) return;
    const time = doc[this.counts.rangeField];
    if (time instanceof Date) group.times.splice(lowerBound(group.times, time.getTime()), 1);
    const span = spanOf(doc, this.counts.span);
    if (span !== null) group.spans.splice(lowerBound(group.spans, span), 1);
    if (--group.count === 0) groups!.delete(name);
  }

  /**
   * Makes an update or removal durable, then starts a compaction once obsolete lines outnumber live documents (each
   * update appends a whole new version of a document).
   */
  private async written(obsoleted: number): Promise<void> {
    await this.appender.durable();
    this.obsoleteLines += obsoleted;
    if (!this.compacting && this.obsoleteLines > Math.max(1000, this.docs.size)) {
      void this.startCompaction(false);
    }
  }

  /**
   * One compaction at a time (two would write the same temporary file): called with none in progress, it is the one
   * later callers wait for. An erasure's compaction (`mustSucceed`) fails loudly; an automatic one only warns.
   */
  private startCompaction(mustSucceed: boolean): Promise<void> {
    this.obsoleteLines = 0;
    const run = this.appender.replace(() => this.rewrite());
    this.compacting = run
      .catch((error: unknown) => {
        if (!mustSucceed) process.emitWarning(`compaction of ${this.name} failed: ${String(error)}`);
      })
      .finally(() => {
        this.compacting = null;
      });
    return mustSucceed ? run : this.compacting;
  }

  /** Writes the live documents (as they are now, read synchronously) to a temporary file and renames it over the file. */
  private async rewrite(): Promise<void> {
    const snapshot = [...this.docs];
    const line = (key: string, doc: Doc) => this.line(key, doc);
    await replaceFile(
      this.file,
      (function* chunks() {
        for (let i = 0; i < snapshot.length; i += COMPACTION_CHUNK) {
          let text = '';
          for (const [key, doc] of snapshot.slice(i, i + COMPACTION_CHUNK)) text += line(key, doc);
          yield text;
        }
      })(),
    );
  }
}


/** The map kept under `key`, created empty when absent. */
function mapIn<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (!map) maps.set(key, (map = new Map()));
  return map;
}

/** A name for a combination of values of `fields` (strings as they are, anything else as JSON, absent apart). */
function groupName(doc: Doc, fields: readonly string[]): string {
  let name = '';
  for (const field of fields) {
    const value = doc[field];
    if (typeof value === 'string') name += `s${value}\u0000`;
    else if (value === undefined) name += 'u\u0000';
    else if (typeof value === 'boolean') name += value ? 't\u0000' : 'f\u0000';
    else name += `j${JSON.stringify(value)}\u0000`;
  }
  return name;
}

/** Index of the first value >= `value` in a sorted array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * For a range condition on Dates (`{$lt: date}`, `{$gte: date, $lt: date}`...): how many of a sorted array of times
 * (ms) satisfy it, by binary search; null for any other condition (the counters cannot answer it).
 */
function rangeCounter(condition: unknown): ((times: number[]) => number) | null {
  if (typeof condition !== 'object' || condition === null) return null;
  const bounds = Object.entries(condition);
  if (bounds.length === 0 || !bounds.every(([op, v]) => RANGE_OPERATORS.has(op) && v instanceof Date)) return null;
  return (times) => {
    let from = 0;
    let to = times.length;
    for (const [op, v] of bounds) {
      const ms = (v as Date).getTime();
      // lowerBound(ms): first >= ms; lowerBound(ms + 1) on integer ms: first > ms.
      if (op === '$lt') to = Math.min(to, lowerBound(times, ms));
      else if (op === '$lte') to = Math.min(to, lowerBound(times, ms + 1));
      else if (op === '$gte') from = Math.max(from, lowerBound(times, ms));
      else from = Math.max(from, lowerBound(times, ms + 1));
    }
    return Math.max(0, to - from);
  };
}

/** `to - from` in ms when both fields are Dates, else null. */
function spanOf(doc: Doc, span: { from: string; to: string }): number | null {
  const start = doc[span.from];
  const end = doc[span.to];
  return start instanceof Date && end instanceof Date ? end.getTime() - start.getTime() : null;
}

/**
 * Median of the union of sorted arrays of integers (ms), as `median` computes it, without merging them: the k-th
 * smallest value is found by a binary search on the value, counting at each step how many lie at or below it.
 */
function medianOfSorted(arrays: readonly number[][]): number | null {
  const parts = arrays.filter((a) => a.length > 0);
  const n = parts.reduce((sum, a) => sum + a.length, 0);
  if (n === 0) return null;
  const kth = (k: number): number => {
    let low = Math.min(...parts.map((a) => a[0]));
    let high = Math.max(...parts.map((a) => a[a.length - 1]));
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const atOrBelow = parts.reduce((sum, a) => sum + lowerBound(a, mid + 1), 0);
      if (atOrBelow > k) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  return n % 2 === 1 ? kth((n - 1) / 2) : (kth(n / 2 - 1) + kth(n / 2)) / 2;
}

/** A condition the counters can answer: a plain value, or `{$exists: boolean}`. */
function isCountableCondition(condition: unknown): boolean {
  if (typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean') return true;
  if (typeof condition !== 'object' || condition === null) return false;
  const entries = Object.entries(condition);
  return entries.length === 1 && entries[0][0] === '$exists' && typeof entries[0][1] === 'boolean';
}
