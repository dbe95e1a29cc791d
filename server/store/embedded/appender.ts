import { open, type FileHandle } from 'node:fs/promises';
import { StoreUnavailableError } from '../errors.ts';
import type { Journal } from './journal.ts';
import { appendSync } from './append-sync.ts';

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Appends lines to one file through one open file handle, with group commit: text is queued synchronously (in
 * order), and whoever needs it durable waits for `durable()`, which resolves once everything queued before the call
 * is written and fdatasynced. Writers that queue while a write is running share the next write and the next sync, so
 * N concurrent acknowledgements cost one write and one fdatasync rather than N opens, appends, fsyncs and closes.
 *
 * `reopen()` is called when the file was replaced by a rename (nedb's compaction): the next batch goes to the new
 * file. Batches written to the old file before that are in the replacing file already (it was written from memory).
 *
 * With a journal (journal.ts), a batch is written without a sync and committed to the journal instead, where it
 * shares one fdatasync with the other files' writes; a replacement first runs a journal checkpoint, so that no
 * journal entry refers to the replaced file.
 *
 * A failed write or sync poisons the appender: the file no longer matches what the process holds in memory, so every
 * later acknowledgement fails too, until a restart reloads the file (what is on disk is the truth).
 */
export class Appender {
  private handle: FileHandle | null = null;
  /** Size of the file behind `handle`: the offset of the next batch, which a journal entry records. */
  private size = 0;
  private replaced = false;
  private pending: string[] = [];
  private queued = 0;
  private synced = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private paused = false;

  constructor(
    private readonly filename: string,
    private readonly journal: Journal | null = null,
  ) {}

  /** Queues text (one or more complete lines) to be appended after everything queued before. */
  enqueue(text: string): void {
    if (text.length === 0) return;
    this.pending.push(text);
    this.queued += 1;
  }

  /** Resolves once everything queued so far is on disk; rejects if the write or the sync failed. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced >= this.queued) return Promise.resolve();
    const upTo = this.queued;
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
    this.startFlush();
    return promise;
  }

  /**
   * Replaces the file by another holding everything queued so far (a compaction: a temporary file written from
   * memory, fsynced and renamed over this one). No batch is written while it runs: it waits for the write in
   * progress, then `replace` runs; it must read the state it writes synchronously, before its first await, since
   * what is queued at that moment is taken as part of the new file. What is queued later goes to the new file.
   */
  async replace(replace: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    this.paused = true;
    try {
      while (this.flushing) await this.flushing;
      const taken = this.pending;
      const upTo = this.queued;
      this.pending = [];
      try {
        await this.journal?.checkpoint();
        await replace();
      } catch (error) {
        this.pending = [...taken, ...this.pending];
        throw error;
      }
      this.replaced = true;
      this.synced = Math.max(this.synced, upTo);
      this.release(upTo);
    } finally {
      this.paused = false;
      if (this.synced < this.queued && this.waiters.length > 0) this.startFlush();
    }
  }

  /** The file was replaced (renamed over): later batches go to the new file. */
  reopen(): void {
    this.replaced = true;
  }

  /** Writes what is queued, then closes the handle. */
  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    while (this.flushing) await this.flushing;
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private startFlush(): void {
    if (this.paused || this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      // Text queued (and waited for) after the loop's last check but before this callback ran would wait forever.
      if (!this.paused && !this.failure && this.synced < this.queued && this.waiters.length > 0) this.startFlush();
    });
  }

  /** Resolves the waiters whose text is durable. */
  private release(upTo: number): void {
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.upTo <= upTo) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private async flush(): Promise<void> {
    while (!this.failure && !this.paused && this.synced < this.queued) {
      // Taking the batch and reading `replaced` in one synchronous step: a batch queued after a compaction's rename
      // is never written to the replaced file.
      const batch = this.pending.join('');
      const upTo = this.queued;
      this.pending = [];
      const reopen = this.replaced;
      this.replaced = false;
      try {
        if (reopen && this.handle) {
          const old = this.handle;
          this.handle = null;
          await old.close();
        }
        if (!this.handle) {
          const handle = await open(this.filename, 'a');
          this.handle = handle;
          this.size = (await handle.stat()).size;
        }
        const offset = this.size;
        this.size += appendSync(this.handle.fd, batch);
        if (this.journal) {
          await this.journal.commit(this.filename, offset, batch);
        } else await this.handle.datasync();
      } catch (error) {
        this.failure = new StoreUnavailableError(`Cannot write ${this.filename}: ${(error as Error).message}; restart to reload it`, { cause: error });
        for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
        return;
      }
      this.synced = upTo;
      this.release(upTo);
    }
  }
}
