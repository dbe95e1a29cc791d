/**
 * Export of the benchmark trials from the embedded store: the store is filled through its normal write path
 * (`recordTrial`, one record per phase, 128 participants in flight; the store has no bulk insert) in one child
 * process, then the trial CSV is streamed with the researcher export (`trialCsvLines`) in another, whose wall time
 * and peak RSS are measured. Sizes grow (50k, 250k, 1M trials) while the projected fill time fits the budget
 * (BENCH_FILL_BUDGET_S, default 1800 s for all sizes, fill and export) and the projected memory fits the machine; the largest size
 * reached is reported as the limit when 1M is not.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchModule } from './harness/types.ts';

interface SizeResult {
  participants: number;
  trials: number;
  records?: number;
  fillMs?: number;
  fillRecordsPerS?: number;
  fillPeakRssKb?: number | null;
  dataBytes?: number;
  openMs?: number;
  exportMs?: number;
  exportWallMs?: number;
  exportPeakRssKb?: number | null;
  rssAfterOpenKb?: number;
  rows?: number;
  skipped?: string;
  failed?: string;
}

const TRIALS_PER_PARTICIPANT = 50;
const CONCURRENCY = '128';

const bench: BenchModule = {
  title: 'Export of the trial CSV from the embedded store',
  async run({ root, tmp, quick, log, measureChild }) {
    const sizes = quick ? [40, 200] : [1000, 5000, 20_000];
    const budgetMs = Number(process.env.BENCH_FILL_BUDGET_S ?? (quick ? 600 : 1800)) * 1000;
    const memoryKb = totalmem() / 1024;
    const results: SizeResult[] = [];
    let spentMs = 0;
    for (const participants of sizes) {
      const trials = participants * TRIALS_PER_PARTICIPANT;
      const previous = results.findLast((r) => r.fillMs !== undefined && r.exportPeakRssKb);
      if (previous) {
        const scale = trials / previous.trials;
        const projectedMs = ((previous.fillMs as number) + (previous.exportWallMs as number)) * scale;
        const projectedRssKb = (previous.exportPeakRssKb as number) * scale;
        if (projectedMs > budgetMs - spentMs) {
          results.push({ participants, trials, skipped: `projected fill and export ${(projectedMs / 60000).toFixed(0)} min exceed the remaining budget of ${((budgetMs - spentMs) / 60000).toFixed(0)} min` });
          break;
        }
        if (projectedRssKb > 0.8 * memoryKb) {
          results.push({ participants, trials, skipped: `projected peak RSS ${(projectedRssKb / 1024 ** 2).toFixed(1)} GB exceeds 80% of the machine's memory` });
          break;
        }
      }
      const dataDir = join(tmp, `data-${participants}`);
      const fillFile = join(tmp, `fill-${participants}.json`);
      log(`filling ${trials} trials (${participants} participants)...`);
      const fill = await measureChild('bin/run-ts.js', ['bench/jobs/fill-store.ts', dataDir, String(participants), String(TRIALS_PER_PARTICIPANT), CONCURRENCY, fillFile], {
        cwd: root,
        nodeArgs: ['--max-old-space-size=16384'],
        timeoutMs: Math.max(60_000, budgetMs - spentMs),
      });
      spentMs += fill.wallMs;
      if (fill.exitCode !== 0) {
        results.push({ participants, trials, failed: `fill exited ${fill.exitCode ?? fill.signal}: ${fill.stderrTail.slice(-600)}` });
        break;
      }
      const filled = JSON.parse(await readFile(fillFile, 'utf8')) as { records: number; fillMs: number };
      const dataBytes = await bytesUnder(join(dataDir, 'trials'));
      log(`filled ${filled.records} records in ${(filled.fillMs / 1000).toFixed(0)} s; exporting...`);
      const exportFile = join(tmp, `export-${participants}.json`);
      const csv = join(tmp, `trials-${participants}.csv`);
      const exported = await measureChild('bin/run-ts.js', ['bench/jobs/export-trials.ts', dataDir, csv, exportFile], {
        cwd: root,
        nodeArgs: ['--max-old-space-size=16384'],
        timeoutMs: 30 * 60_000,
      });
      const size: SizeResult = {
        participants,
        trials,
        records: filled.records,
        fillMs: filled.fillMs,
        fillRecordsPerS: filled.records / (filled.fillMs / 1000),
        fillPeakRssKb: fill.maxRssKb,
        dataBytes,
      };
      if (exported.exitCode !== 0) {
        results.push({ ...size, failed: `export exited ${exported.exitCode ?? exported.signal}: ${exported.stderrTail.slice(-600)}` });
        break;
      }
      spentMs += exported.wallMs;
      const report = JSON.parse(await readFile(exportFile, 'utf8')) as { openMs: number; exportMs: number; rows: number; rssAfterOpenKb: number };
      results.push({ ...size, ...report, exportWallMs: exported.wallMs, exportPeakRssKb: exported.maxRssKb });
      log(`exported ${report.rows} rows: open ${(report.openMs / 1000).toFixed(1)} s, stream ${(report.exportMs / 1000).toFixed(1)} s, peak RSS ${((exported.maxRssKb ?? 0) / 1024).toFixed(0)} MB`);
      await rm(dataDir, { recursive: true, force: true });
      await rm(csv, { force: true });
    }

    const done = results.filter((r) => r.rows !== undefined);
    const largest = done.at(-1);
    const target = sizes.at(-1)! * TRIALS_PER_PARTICIPANT;
    const notes: string[] = [];
    if (!largest || largest.trials < target) {
      const stop = results.find((r) => r.skipped || r.failed);
      notes.push(
        `The embedded store was not measured at ${target} trials: ${stop?.skipped ?? stop?.failed ?? 'no size completed'}. ` +
          `Largest size measured: ${largest ? `${largest.trials} trials (${largest.records} phase records)` : 'none'}.`,
      );
    }
    if (done.length >= 2) {
      const [a, b] = [done[0], done.at(-1)!];
      const perRecordKb = ((b.exportPeakRssKb ?? 0) - (a.exportPeakRssKb ?? 0)) / ((b.records ?? 0) - (a.records ?? 0));
      notes.push(
        `Export peak RSS grows by about ${((perRecordKb * 100_000) / 1024).toFixed(1)} MB per 100,000 phase records ` +
          `(${((a.exportPeakRssKb ?? 0) / 1024).toFixed(0)} MB at ${a.records}, ${((b.exportPeakRssKb ?? 0) / 1024).toFixed(0)} MB at ${b.records}): ` +
          'the embedded store keeps trials in one file per participant and the export reads one participant at a time; ' +
          'what it holds for the whole study is the list of participants and the nedb collections (participants, events).',
      );
    }
    if (done.length >= 2) {
      // Opening the embedded store loads the nedb collections and lists the per-participant files.
      const [a, b] = [done[0], done.at(-1)!];
      const exponent = Math.log((b.openMs ?? 0) / (a.openMs ?? 1)) / Math.log((b.records ?? 0) / (a.records ?? 1));
      notes.push(
        `Opening the embedded store took ${((a.openMs ?? 0) / 1000).toFixed(0)} s at ${a.records} phase records and ` +
          `${((b.openMs ?? 0) / 1000).toFixed(1)} s at ${b.records} (time grows as size^${exponent.toFixed(2)}); the server pays it at start too.`,
      );
    }
    return {
      figures: largest
        ? [
            { name: 'largest size measured', value: largest.trials, unit: 'trials', note: `${largest.records} phase records` },
            { name: 'fill (recordTrial, 128 in flight)', value: (largest.fillMs ?? 0) / 1000, unit: 's', note: `${Math.round(largest.fillRecordsPerS ?? 0)} records/s` },
            { name: 'export wall time (child process)', value: (largest.exportWallMs ?? 0) / 1000, unit: 's', note: `open ${((largest.openMs ?? 0) / 1000).toFixed(1)} s + stream ${((largest.exportMs ?? 0) / 1000).toFixed(1)} s` },
            { name: 'export peak RSS', value: (largest.exportPeakRssKb ?? 0) / 1024, unit: 'MB', note: `after open ${((largest.rssAfterOpenKb ?? 0) / 1024).toFixed(0)} MB` },
          ]
        : [],
      details: { trialsPerParticipant: TRIALS_PER_PARTICIPANT, fillBudgetS: budgetMs / 1000, sizes: results },
      notes,
    };
  },
};
export default bench;

/** Bytes of every file under a folder (the per-participant trial files). */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
