/**
 * Counts the flushes to disk a benchmark server makes: every FileHandle.datasync (fdatasync) and FileHandle.sync
 * (fsync, which the store uses for folders and replaced files), by wrapping them on FileHandle's prototype. The store
 * flushes only through FileHandle, so this sees each one; `usage()` adds the process's CPU time, so that the load
 * generator can divide both by the submissions it made between two readings.
 */
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerUsage {
  /** fdatasync + fsync calls since start. */
  flushes: number;
  /** User + system CPU time since start, microseconds. */
  cpuUs: number;
}

let flushes = 0;

export async function countFlushes(): Promise<void> {
  const probe = await open(join(tmpdir(), `confiance-flush-probe-${process.pid}`), 'w');
  const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void>; sync(): Promise<void> };
  await probe.close();
  for (const name of ['datasync', 'sync'] as const) {
    const original = prototype[name];
    prototype[name] = function counted(this: unknown) {
      flushes += 1;
      return original.call(this);
    };
  }
}

export function usage(): ServerUsage {
  const cpu = process.cpuUsage();
  return { flushes, cpuUs: cpu.user + cpu.system };
}
