import { writeSync } from 'node:fs';

/**
 * Appends `text` to the file open as `fd`, synchronously, looping until every byte is written (a short write is
 * rare on a regular file, but possible). Why synchronous: the store writes a few hundred bytes into the page cache
 * per answer, which takes microseconds; done through the thread pool (FileHandle.write) each write cost two thread
 * hand-overs, measured at about a fifth of a submission's main-thread time on a loaded 2-core machine. Durability
 * still comes from an fdatasync (the journal's or the file's own), which stays off the main thread.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}
