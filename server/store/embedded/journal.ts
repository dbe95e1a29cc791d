import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreUnavailableError } from '../errors.ts';
import { Appender } from './appender.ts';
import { syncDir } from './partition-files.ts';

/** Journal bytes after which a checkpoint starts by itself: it bounds the replay after a crash to a few MB. */
const CHECKPOINT_BYTES = 8 * 1024 * 1024;
/**
 * Files fdatasynced at once by a checkpoint: libuv's thread pool has 4 threads, and the journal's own fdatasync,
 * which every acknowledgement waits for, must not queue behind a checkpoint's.
 */
const SYNCS_IN_PARALLEL = 2;
const JOURNAL_DIR = 'journal';
const JOURNAL_NAME = /^(\d{1,15})\.log$/;

/** One generation of the journal: its file, its appender and the data files its entries wrote to. */
interface Generation {
  number: number;
  file: string;
  appender: Appender;
  /** Data files (relative to the data directory) written by the entries of this generation. */
  dirty: Set<string>;
  bytes: number;
}

/** An entry read back from a journal file: `text` was appended to `file` at byte `offset`. */
interface ReplayedEntry {
  file: string;
  offset: number;
  text: Buffer;
}

/**
 * The embedded store's write-ahead journal, shared by the files of the submission path (per-participant trial,
 * response and plan files, participants.db): group commit across participants.
 *
 * Why: each data file used to be fdatasynced on its own, so a submission (a trial line, then the participant's step)
 * cost about two fdatasyncs, one of them per participant, whatever the number of concurrent submissions. Here a
 * writer appends its text to its data file without syncing it, then commits `(file, offset, text)` to the journal;
 * concurrent commits share one append and one fdatasync of the journal (Appender), and the write is acknowledged
 * once that is done. The data files are made durable by a checkpoint: the journal moves to a new generation, the data
 * files the old one wrote to are fdatasynced (their new folder entries fsynced), and the old generation is deleted.
 * A checkpoint runs when a generation exceeds CHECKPOINT_BYTES, at close, and before any file it journals is
 * rewritten (a compaction, an erasure): no entry ever refers to a file that was replaced since.
 *
 * After a crash, opening replays what is left, oldest generation first (a crash during a checkpoint leaves two):
 * everything before a data file's first journaled offset was synced by the last checkpoint; the journaled text is
 * written back at its offsets and the file ends where its last entry ends (a line written but never committed is
 * dropped, as it was never acknowledged). A journal's last entry cut by the crash was never acknowledged and is
 * ignored.
 *
 * Erasure: the journal holds personal data only until the next checkpoint; an erasure runs one (through the rewrite
 * or removal of the participant's files and the compaction of participants.db), which deletes every generation that
 * could hold their records.
 *
 * Entry format: a header line `{"f":"<file relative to the data directory>","o":<offset>,"n":<bytes>}` followed by
 * the `n` bytes of text (whole lines of the data file).
 */
export class Journal {
  private current: Generation;
  /** Generations rotated out whose data files are not yet known durable, oldest first. */
  private readonly retiring: Generation[] = [];
  private checkpoints: Promise<void> = Promise.resolve();
  private automatic = false;

  private constructor(
    private readonly dataDir: string,
    private readonly dir: string,
    first: Generation,
    private readonly checkpointBytes: number,
  ) {
    this.current = first;
  }

  /** Replays the generations a crash left (journal.ts header), deletes them, and starts a new one. */
  static async open(dataDir: string, options: { checkpointBytes?: number } = {}): Promise<Journal> {
    const dir = path.join(dataDir, JOURNAL_DIR);
    const created = await mkdir(dir, { recursive: true });
    if (created !== undefined) await syncDir(dataDir);
    const left = await generationsIn(dir);
    const entries: ReplayedEntry[] = [];
    for (const number of left) {
      const file = path.join(dir, `${number}.log`);
      entries.push(...readEntries(file, await readFile(file)));
    }
    await replay(dataDir, dir, entries);
    for (const number of left) await unlink(path.join(dir, `${number}.log`));
    const first = await createGeneration(dir, (left.at(-1) ?? 0) + 1);
    return new Journal(dataDir, dir, first, options.checkpointBytes ?? CHECKPOINT_BYTES);
  }

  /**
   * Records that `text` was appended at byte `offset` of `file` (absolute, inside the data directory; the caller wrote
   * it there, without a sync) and resolves once the record is on disk: from then on the write survives a crash.
   * Writes to one file must be committed in the order they were made, each before the next one is made.
   */
  commit(file: string, offset: number, text: string): Promise<void> {
    const generation = this.current;
    const relative = path.relative(this.dataDir, file);
    const body = Buffer.from(text, 'utf8');
    const header = `${JSON.stringify({ f: relative, o: offset, n: body.length })}\n`;
    generation.appender.enqueue(header + text);
    generation.dirty.add(relative);
    generation.bytes += Buffer.byteLength(header) + body.length;
    const durable = generation.appender.durable();
    if (generation.bytes > this.checkpointBytes && !this.automatic) {
      this.automatic = true;
      void this.checkpoint()
        .catch((error: unknown) => process.emitWarning(`journal checkpoint failed: ${String(error)}`))
        .finally(() => {
          this.automatic = false;
        });
    }
    return durable;
  }

  /**
   * Makes every data file written through the journal so far durable and deletes the journal generations that
   * recorded those writes. Commits made while it runs go to the next generation. Checkpoints run one after the other.
   */
  checkpoint(): Promise<void> {
    const run = this.checkpoints.then(() => this.rotateAndRetire());
    this.checkpoints = run.catch(() => undefined);
    return run;
  }

  /** A last checkpoint, then the journal's files are gone: a cleanly closed data directory has no journal. */
  async close(): Promise<void> {
    await this.checkpoints;
    this.retiring.push(this.current);
    await this.retire();
  }

  private async rotateAndRetire(): Promise<void> {
    const next = await createGeneration(this.dir, this.current.number + 1);
    this.retiring.push(this.current);
    this.current = next;
    await this.retire();
  }

  /** Oldest first: waits for a generation's entries, syncs the files they wrote, deletes its journal file. */
  private async retire(): Promise<void> {
    while (this.retiring.length > 0) {
      const generation = this.retiring[0];
      await generation.appender.close();
      await syncFiles(this.dataDir, [...generation.dirty]);
      await unlink(generation.file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await syncDir(this.dir);
      this.retiring.shift();
    }
  }
}

/** Generation numbers of the journal files in `dir`, ascending. */
async function generationsIn(dir: string): Promise<number[]> {
  const numbers: number[] = [];
  for (const name of await readdir(dir)) {
    const match = JOURNAL_NAME.exec(name);
    if (match) numbers.push(Number(match[1]));
  }
  return numbers.sort((a, b) => a - b);
}

/** A new, empty journal file whose folder entry is durable before anything is committed to it. */
async function createGeneration(dir: string, number: number): Promise<Generation> {
  const file = path.join(dir, `${number}.log`);
  const handle = await open(file, 'w');
  await handle.close();
  await syncDir(dir);
  return { number, file, appender: new Appender(file), dirty: new Set(), bytes: 0 };
}

/** fdatasyncs these files (relative to dataDir) and fsyncs their folders, SYNCS_IN_PARALLEL at a time. */
async function syncFiles(dataDir: string, files: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = path.join(dataDir, files[next++]);
      folders.add(path.dirname(file));
      const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
        // Removed since (an erasure, a rewrite that emptied it): the removal was made durable by its own sync.
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (!handle) continue;
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SYNCS_IN_PARALLEL, files.length) }, worker));
  for (const folder of folders) await syncDir(folder);
}

/** The complete entries of a journal file, in order; a last entry cut by a crash (never acknowledged) is left out. */
export function readEntries(journalFile: string, bytes: Buffer): ReplayedEntry[] {
  const entries: ReplayedEntry[] = [];
  let position = 0;
  while (position < bytes.length) {
    const newline = bytes.indexOf(10, position);
    if (newline === -1) break;
    let header: { f?: unknown; o?: unknown; n?: unknown };
    try {
      header = JSON.parse(bytes.subarray(position, newline).toString('utf8')) as typeof header;
    } catch (error) {
      throw new StoreUnavailableError(`${journalFile}: unreadable entry at byte ${position}: ${(error as Error).message}`, { cause: error });
    }
    const { f, o, n } = header;
    if (typeof f !== 'string' || !Number.isSafeInteger(o) || !Number.isSafeInteger(n) || (o as number) < 0 || (n as number) < 0 || f.startsWith('..') || path.isAbsolute(f)) {
      throw new StoreUnavailableError(`${journalFile}: malformed entry at byte ${position}`);
    }
    const end = newline + 1 + (n as number);
    if (end > bytes.length) break;
    entries.push({ file: f, offset: o as number, text: bytes.subarray(newline + 1, end) });
    position = end;
  }
  return entries;
}

/**
 * Writes the journaled text of every generation left (oldest first) back into its data files (see Journal): each
 * entry written at its offset, the file ending with its last entry; then each file and its folder synced. A file
 * shorter than its first entry's offset lost what the last checkpoint synced: the open stops, naming it.
 */
async function replay(dataDir: string, journalDir: string, all: readonly ReplayedEntry[]): Promise<void> {
  const byFile = new Map<string, ReplayedEntry[]>();
  for (const entry of all) {
    const list = byFile.get(entry.file);
    if (list) list.push(entry);
    else byFile.set(entry.file, [entry]);
  }
  for (const [relative, entries] of byFile) {
    const file = path.join(dataDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'r+').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return open(file, 'w+');
      throw error;
    });
    try {
      const { size } = await handle.stat();
      const from = entries[0].offset;
      if (size < from) {
        throw new StoreUnavailableError(`${journalDir}: ${file} is shorter (${size} bytes) than its journaled writes assume (${from}); it was changed outside Confiance`);
      }
      let end = from;
      for (const entry of entries) {
        await handle.write(entry.text, 0, entry.text.length, entry.offset);
        end = entry.offset + entry.text.length;
      }
      await handle.truncate(end);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  const folders = new Set([...byFile.keys()].map((relative) => path.dirname(path.join(dataDir, relative))));
  for (const folder of folders) await syncDir(folder);
}
