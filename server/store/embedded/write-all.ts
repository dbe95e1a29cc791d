import { writeSync } from 'node:fs';

/**
 * Appends `text` to the file open as `fd`, synchronously, looping until every byte is written (a short write is
 * rare on a regular file, but possible). Why synchronous: the store writes a few hundred bytes into the page cache
 * per answer, which takes microseconds; through libuv's thread pool (FileHandle.write, 4 threads) each write could
 * wait behind the fdatasyncs running there (a journal checkpoint's), and a CPU profile on a loaded 2-core machine
 * put a fifth of the main thread's busy samples in dispatching them (the CPU time per submission did not measurably
 * change). Durability still comes from an fdatasync (the journal's or the file's own), off the main thread.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}
