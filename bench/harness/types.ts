/**
 * The contract of a benchmark module: a file `bench/<name>.bench.ts` whose default export is a BenchModule.
 * `npm run bench` finds every such file, runs it with a fresh temporary directory, and records what it returns.
 * Adding a benchmark (e.g. HTTP throughput, page weight) is adding one file.
 */
import type { measureChild } from './measure-child.ts';

export interface BenchContext {
  /** Repository root (absolute). */
  root: string;
  /** A fresh temporary directory for this module, removed after it ran. */
  tmp: string;
  /** `--quick`: small sizes, to check that a module works; its figures are not the reference ones. */
  quick: boolean;
  /** Progress lines on stderr, prefixed with the module name. */
  log(message: string): void;
  /** Runs a command as a child process and measures its wall time, CPU time and peak memory. */
  measureChild: typeof measureChild;
}

/** One measured number. `target` is reported as met or not, never asserted. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: { max?: number; min?: number };
  note?: string;
}

export interface BenchOutcome {
  figures: Figure[];
  /** Anything else worth keeping in the JSON (sizes, per-step measurements, limits found). */
  details?: Record<string, unknown>;
  /** Sentences for the reader (limits, caveats). */
  notes?: string[];
}

export interface BenchModule {
  /** Defaults to the file name without `.bench.ts`. */
  name?: string;
  title: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}
