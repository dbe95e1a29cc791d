/**
 * The same-work baseline's durable write: one append-only file where concurrent appends share one fdatasync (group
 * commit). An append resolves once its line is on disk: lines arriving while a flush is running wait for the next
 * one, which takes them all. This is the least a durable submission costs on this disk, independent of the store.
 */
import { open, type FileHandle } from 'node:fs/promises';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommitLog {
  private pending: Pending[] = [];
  private flushing = false;
  /** Flushes done and lines written, to report lines per fdatasync. */
  readonly counts = { syncs: 0, lines: 0 };

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<GroupCommitLog> {
    return new GroupCommitLog(await open(path, 'a'));
  }

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await this.file.write(batch.map((p) => p.line).join(''));
        await this.file.datasync();
        this.counts.syncs += 1;
        this.counts.lines += batch.length;
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = false;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
