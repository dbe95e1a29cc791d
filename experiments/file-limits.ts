/**
 * The largest experiment file and case bank Confiance reads. Parsing is in memory: a 50 MB experiment file took 12 s
 * and 1.9 GB, long enough to stall a server that checks files on request. The bundled studies are under 10 KB and
 * 120 KB; the caps (1 MB, 10 MB) leave about a hundred times that and are documented in the README.
 */
import { stat } from 'node:fs/promises';

export const MAX_EXPERIMENT_FILE_BYTES = 1024 * 1024;
export const MAX_CASE_BANK_BYTES = 10 * 1024 * 1024;

/** A message when the file at `path` is larger than `max` bytes, else null (a missing file is left to the reader). */
export async function tooLarge(path: string, max: number, what: string): Promise<string | null> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size <= max) return null;
  return `${what} is ${megabytes(size)}, more than the ${megabytes(max)} Confiance reads: split it or remove unused content`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
