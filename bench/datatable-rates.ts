/**
 * The metric part of the analysis beside R data.table (issue #15, item 3): `confiance analyze --no-models
 * --bootstrap 0` (read the trial CSV, pooled rates with their Wilson intervals, the tests, the descriptives) and
 * bench/datatable-rates.R (fread of the same CSV, pooled agreement, over-reliance, under-reliance and accuracy counts
 * by condition), in alternating rounds, each in its own process. Compared on CPU time (user + system of the whole
 * process, start-up included on both sides), which a machine shared with other jobs disturbs less than wall time;
 * wall times are reported too. The counts R prints are checked equal to those of confiance's result.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Figure } from './harness/types.ts';
import type { ChildMeasurement } from './harness/measure-child.ts';

/** Metrics whose pooled counts R computes, as named in confiance's result. */
const COMPARED = ['accuracy_initial', 'accuracy_final', 'agreement', 'overreliance', 'underreliance'] as const;
type Compared = (typeof COMPARED)[number];

interface DatatableRun {
  datatable: string;
  threads: number;
  /** fread + rates alone, wall and CPU (s). */
  seconds: number;
  cpu: number;
  /** The whole R process, start-up included (s). */
  process_cpu: number;
  conditions: ({ condition: string; trials: number } & Record<Compared, [number, number]>)[];
}

interface OurResult {
  conditions: { condition: string; trials: number; metrics: Record<string, { k: number; n: number } | null> }[];
}

const cpuSeconds = (m: ChildMeasurement): number => ((m.userCpuMs ?? 0) + (m.systemCpuMs ?? 0)) / 1000;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** R data.table on `csv`, or null without Rscript and data.table. */
function runDatatable(csv: string): { run: DatatableRun; wallMs: number } | null {
  const started = performance.now();
  const child = spawnSync('Rscript', [join(import.meta.dirname, 'datatable-rates.R'), csv], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (child.status !== 0 || child.error) return null;
  return { run: JSON.parse(child.stdout.trim()) as DatatableRun, wallMs };
}

/** Differences between R's counts and ours ("condition metric: R k/n, confiance k/n"); empty when equal. */
export function countDifferences(r: DatatableRun, ours: OurResult): string[] {
  const differences: string[] = [];
  if (r.conditions.length !== ours.conditions.length) differences.push(`conditions: R ${r.conditions.length}, confiance ${ours.conditions.length}`);
  for (const rc of r.conditions) {
    const oc = ours.conditions.find((c) => c.condition === rc.condition);
    if (!oc) {
      differences.push(`${rc.condition}: absent from confiance's result`);
      continue;
    }
    if (oc.trials !== rc.trials) differences.push(`${rc.condition} trials: R ${rc.trials}, confiance ${oc.trials}`);
    for (const metric of COMPARED) {
      const [k, n] = rc[metric];
      const m = oc.metrics[metric];
      if (!m || m.k !== k || m.n !== n) differences.push(`${rc.condition} ${metric}: R ${k}/${n}, confiance ${m ? `${m.k}/${m.n}` : 'none'}`);
    }
  }
  return differences;
}

/** Alternating rounds of both (3 unless said); figures `metric_ratio_vs_datatable` (target <= 2) and the times behind it. */
export async function metricVsDatatable(
  context: BenchContext,
  csv: string,
  fullRounds = 3,
): Promise<{ figures: Figure[]; details: Record<string, unknown>; notes: string[] }> {
  const { root, tmp, quick, log, measureChild } = context;
  const rounds = quick ? 1 : fullRounds;
  const out = join(tmp, 'metrics.json');
  const ours: ChildMeasurement[] = [];
  const theirs: { run: DatatableRun; wallMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const run = await measureChild('bin/confiance.js', ['analyze', '--input', csv, '--format', 'json', '--bootstrap', '0', '--no-models', '--out', out], { cwd: root });
    if (run.exitCode !== 0) throw new Error(`confiance analyze --bootstrap 0 exited ${run.exitCode}: ${run.stderrTail}`);
    ours.push(run);
    const r = runDatatable(csv);
    if (r) theirs.push(r);
    log(`round ${round + 1}: confiance CPU ${cpuSeconds(run).toFixed(2)} s (wall ${(run.wallMs / 1000).toFixed(2)} s)` +
      (r ? `, data.table CPU ${r.run.process_cpu.toFixed(2)} s (wall ${(r.wallMs / 1000).toFixed(2)} s)` : ', Rscript with data.table not found'));
  }
  const ourCpu = median(ours.map(cpuSeconds));
  const ourWall = median(ours.map((m) => m.wallMs / 1000));
  const figures: Figure[] = [
    { name: 'metric part: analyze --no-models --bootstrap 0, CPU', value: ourCpu, unit: 's', note: `wall ${ourWall.toFixed(2)} s, median of ${rounds}` },
  ];
  const notes = ['metric_ratio_vs_datatable compares CPU times of whole processes (start-up included on both sides); the wall ratio is given beside it.'];
  if (theirs.length === 0) {
    figures.push({ name: 'metric_ratio_vs_datatable', value: null, unit: 'x', target: { max: 2 }, note: 'Rscript or data.table not found' });
    return { figures, details: { ours }, notes };
  }
  const differences = countDifferences(theirs[0].run, JSON.parse(await readFile(out, 'utf8')) as OurResult);
  if (differences.length > 0) throw new Error(`R data.table and confiance disagree on the pooled counts: ${differences.join('; ')}`);
  const rCpu = median(theirs.map((t) => t.run.process_cpu));
  const rWall = median(theirs.map((t) => t.wallMs / 1000));
  figures.push(
    { name: 'R data.table: fread + pooled rates by condition, CPU', value: rCpu, unit: 's', note: `wall ${rWall.toFixed(2)} s; fread + rates alone ${median(theirs.map((t) => t.run.cpu)).toFixed(2)} s CPU; data.table ${theirs[0].run.datatable}, ${theirs[0].run.threads} thread(s)` },
    { name: 'metric_ratio_vs_datatable', value: ourCpu / rCpu, unit: 'x', target: { max: 2 }, note: `CPU; wall ratio ${(ourWall / rWall).toFixed(2)}` },
  );
  return { figures, details: { ours, datatable: theirs, countsEqual: true, comparedMetrics: COMPARED }, notes };
}
