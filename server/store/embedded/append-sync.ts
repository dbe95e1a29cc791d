import { writeSync } from 'node:fs';

/**
 * Appends all of `text` to the file open for appending as `fd`, synchronously, and returns its length in bytes.
 *
 * Why synchronous: a write that is not synced lands in the page cache in a microsecond or two, while the same write
 * through libuv's thread pool (FileHandle.write) cost 10 to 35 µs of CPU in thread hand-offs and promises, and a
 * submission made two or three of them. Durability does not change: a write is acknowledged only after the fdatasync
 * that covers it (the journal's, or the file's own), which stays in the thread pool, off the event loop.
 */
export function appendSync(fd: number, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  // A regular file takes the whole buffer at once; a short write (a full disk) either continues or throws.
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  return bytes.length;
}
