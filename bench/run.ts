/**
 * `npm run bench [-- <name>... ] [--quick]`: runs the benchmark modules `bench/<name>.bench.ts` (all of them, or
 * those named), one after the other in one run so that their ratios hold on a noisy machine, and writes
 * `bench/results/<run>-<timestamp>.json` (run = "bench", or the names joined by "+") and `bench/results/latest.json`.
 * Each module measures its jobs in child processes (wall time, CPU, peak RSS) and reports targets without asserting
 * them. Never part of `npm test`.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeMachine } from './harness/machine.ts';
import { measureChild } from './harness/measure-child.ts';
import { renderSummary, type ModuleResult } from './harness/summary.ts';
import type { BenchModule } from './harness/types.ts';

const BENCH_DIR = import.meta.dirname;
const ROOT = join(BENCH_DIR, '..');
const RESULTS_DIR = join(BENCH_DIR, 'results');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));

const files = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.bench.ts')).sort();
const available = files.map((f) => basename(f, '.bench.ts'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? available.filter((a) => wanted.includes(a)) : available;

const machine = describeMachine();
const startedAt = new Date();
console.error(`Benchmarks ${selected.join(', ')}${quick ? ' (quick sizes)' : ''} on ${machine.cpus} CPU, ${machine.memoryGb} GB, node ${machine.node}, load ${machine.loadAverage}`);
const results: ModuleResult[] = [];
for (const file of selected) {
  const module = (await import(pathToFileURL(join(BENCH_DIR, `${file}.bench.ts`)).href)) as { default: BenchModule };
  const bench = module.default;
  const name = bench.name ?? file;
  const tmp = await mkdtemp(join(tmpdir(), `confiance-bench-${name}-`));
  const log = (message: string) => console.error(`[${name}] ${message}`);
  const t0 = performance.now();
  const moduleStartedAt = new Date().toISOString();
  try {
    const outcome = await bench.run({ root: ROOT, tmp, quick, log, measureChild });
    results.push({ name, title: bench.title, startedAt: moduleStartedAt, durationMs: performance.now() - t0, ...outcome });
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results.push({ name, title: bench.title, startedAt: moduleStartedAt, durationMs: performance.now() - t0, figures: [], error: String(error) });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const run = {
  run: wanted.length > 0 ? selected.join('+') : 'bench',
  quick,
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine,
  modules: results,
};
await mkdir(RESULTS_DIR, { recursive: true });
const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
const json = JSON.stringify(run, null, 2) + '\n';
const file = join(RESULTS_DIR, `${run.run}-${stamp}.json`);
await writeFile(file, json);
await writeFile(join(RESULTS_DIR, 'latest.json'), json);
process.stdout.write(renderSummary(run));
process.stdout.write(`\nWritten ${file} and ${join(RESULTS_DIR, 'latest.json')}\n`);
if (results.some((r) => r.error)) process.exitCode = 1;
