import { writeSync } from 'node:fs';

/**
 * Writes all of `bytes` at the file's current position (an append handle: its end), synchronously: a short write
 * (a full disk, a signal) is continued, and an error is thrown as from an asynchronous write. For the small appends of
 * the submission path, which land in the page cache; their durability comes from an fdatasync made afterwards.
 */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) {
    const n = writeSync(fd, bytes, written, bytes.length - written);
    if (n <= 0) throw new Error(`wrote nothing (${written} of ${bytes.length} bytes written)`);
    written += n;
  }
}
