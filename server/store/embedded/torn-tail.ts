import { open } from 'node:fs/promises';

/**
 * nedb appends one JSON line per write and acknowledges the write only once the append has returned. A process
 * killed mid-append can leave a last line without its newline: that write was never acknowledged, so dropping it
 * loses nothing. nedb itself would count it as corruption and, on a small file, refuse to open (more than
 * `corruptAlertThreshold` of the lines). Cutting the file after its last newline before loading fixes exactly that
 * case and lets us run nedb with a zero threshold, so any other corruption stops the start loudly instead of
 * silently dropping data.
 * Returns the number of bytes removed (0 when the file ends cleanly or does not exist).
 */
export async function repairTornTail(filename: string): Promise<number> {
  let handle;
  try {
    handle = await open(filename, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const chunkSize = 64 * 1024;
    let end = size;
    // Scan backwards for the last newline; a torn line is at most one document long.
    while (end > 0) {
      const start = Math.max(0, end - chunkSize);
      const buffer = Buffer.alloc(end - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lastNewline = buffer.lastIndexOf(0x0a);
      if (lastNewline !== -1) {
        const keep = start + lastNewline + 1;
        if (keep === size) return 0;
        await handle.truncate(keep);
        await handle.sync();
        return size - keep;
      }
      end = start;
    }
    await handle.truncate(0);
    await handle.sync();
    return size;
  } finally {
    await handle.close();
  }
}
