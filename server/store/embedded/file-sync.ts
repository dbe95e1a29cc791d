import { open } from 'node:fs/promises';

/**
 * nedb's appends reach the OS page cache, which survives a killed process but not a power cut. Every acknowledged
 * write therefore waits for an fsync of its file. Concurrent writers share one fsync (group commit): a writer whose
 * append finished while an fsync was running waits for the next one, which starts after it.
 */
export class FileSync {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly filename: string) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.next) {
      const current = this.running;
      this.next = current
        .catch(() => undefined)
        .then(() => {
          this.next = null;
          return this.sync();
        });
    }
    return this.next;
  }

  private async fsync(): Promise<void> {
    // Opened by name each time: compaction replaces the file (rename), and the new one is already synced by nedb.
    const handle = await open(this.filename, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
