/**
 * The embedded store as a study grows: stores of 1,000, 20,000 and 100,000 participants with their audit events
 * (bench/jobs/scale-build.ts), each opened in a fresh process that times a join, a submission and the monitoring
 * view (bench/jobs/scale-measure.ts). A participant's request must cost the same at every size.
 */
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchModule, Figure } from './harness/types.ts';

interface SizeResult {
  participants: number;
  events?: number;
  buildMs?: number;
  openMs?: number;
  rssAfterOpenMb?: number;
  peakRssMb?: number | null;
  joinMs?: number;
  submissionMs?: number;
  submissionMeanMs?: number;
  submissionCpuMs?: number;
  monitoringMs?: number;
  monitoringFirstMs?: number;
  failed?: string;
}

const ROUNDS = 3;

/** Median of a few numbers (null when none). */
function middle(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  if (present.length === 0) return null;
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

const bench: BenchModule = {
  title: 'Embedded store at 1,000 / 20,000 / 100,000 participants: open, memory, join, submission, monitoring',
  async run({ root, tmp, quick, log, measureChild }) {
    const sizes = quick ? [200, 2000] : [1000, 20_000, 100_000];
    const built = new Map<number, { dataDir: string; events: number; buildMs: number }>();
    const failures: SizeResult[] = [];
    for (const participants of sizes) {
      const dataDir = join(tmp, `data-${participants}`);
      log(`building a store of ${participants} participants...`);
      const build = await measureChild('bin/run-ts.js', ['bench/jobs/scale-build.ts', dataDir, String(participants)], {
        cwd: root,
        keepStdout: true,
        timeoutMs: 30 * 60_000,
      });
      if (build.exitCode !== 0) {
        failures.push({ participants, failed: `build exited ${build.exitCode ?? build.signal}: ${build.stderrTail.slice(-600)}` });
        continue;
      }
      built.set(participants, { dataDir, events: (JSON.parse(build.stdout ?? '{}') as { events: number }).events, buildMs: build.wallMs });
    }
    // The builds leave hundreds of megabytes of dirty pages: written back now, not during the measured fdatasyncs.
    spawnSync('sync');
    // Rounds alternate between the sizes, so that a busy moment of the machine does not fall on one size only.
    const rounds = new Map<number, SizeResult[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [participants, { dataDir }] of built) {
        const resultFile = join(tmp, `measure-${participants}-${round}.json`);
        const measured = await measureChild('bin/run-ts.js', ['bench/jobs/scale-measure.ts', dataDir, resultFile], { cwd: root, timeoutMs: 30 * 60_000 });
        if (measured.exitCode !== 0) {
          failures.push({ participants, failed: `measure exited ${measured.exitCode ?? measured.signal}: ${measured.stderrTail.slice(-600)}` });
          continue;
        }
        const figures = JSON.parse(await readFile(resultFile, 'utf8')) as Omit<SizeResult, 'participants'>;
        const size: SizeResult = { participants, ...figures, peakRssMb: measured.maxRssKb === null ? null : measured.maxRssKb / 1024 };
        if (!rounds.has(participants)) rounds.set(participants, []);
        rounds.get(participants)!.push(size);
        log(
          `round ${round + 1}, ${participants}: open ${((size.openMs ?? 0) / 1000).toFixed(2)} s, peak RSS ${(size.peakRssMb ?? 0).toFixed(0)} MB, ` +
            `join ${size.joinMs?.toFixed(2)} ms, submission ${size.submissionMs?.toFixed(2)} ms (${size.submissionCpuMs?.toFixed(2)} ms CPU), ` +
            `monitoring ${size.monitoringMs?.toFixed(1)} ms`,
        );
      }
    }
    for (const { dataDir } of built.values()) await rm(dataDir, { recursive: true, force: true });
    const results: SizeResult[] = [...rounds].map(([participants, measured]) => ({
      participants,
      events: built.get(participants)?.events,
      buildMs: built.get(participants)?.buildMs,
      openMs: middle(measured.map((m) => m.openMs)) ?? undefined,
      rssAfterOpenMb: middle(measured.map((m) => m.rssAfterOpenMb)) ?? undefined,
      peakRssMb: middle(measured.map((m) => m.peakRssMb)),
      joinMs: middle(measured.map((m) => m.joinMs)) ?? undefined,
      submissionMs: middle(measured.map((m) => m.submissionMs)) ?? undefined,
      submissionMeanMs: middle(measured.map((m) => m.submissionMeanMs)) ?? undefined,
      submissionCpuMs: middle(measured.map((m) => m.submissionCpuMs)) ?? undefined,
      monitoringMs: middle(measured.map((m) => m.monitoringMs)) ?? undefined,
      monitoringFirstMs: middle(measured.map((m) => m.monitoringFirstMs)) ?? undefined,
    }));
    results.push(...failures);
    const at = (n: number) => results.find((r) => r.participants === n && r.failed === undefined);
    const [small, , large] = [at(sizes[0]), at(sizes[1]), at(sizes.at(-1)!)];
    const big = sizes.at(-1)!;
    const first = sizes[0];
    const figures: Figure[] = [
      { name: `open_s@${big}`, value: large?.openMs === undefined ? null : large.openMs / 1000, unit: 's', target: { max: 2 } },
      { name: `rss_mb@${big}`, value: large?.peakRssMb ?? null, unit: 'MB', target: { max: 400 }, note: 'peak RSS of the measuring process' },
      { name: `join_ms@${big}`, value: large?.joinMs ?? null, unit: 'ms', target: { max: 20 } },
      { name: `monitoring_ms@${big}`, value: large?.monitoringMs ?? null, unit: 'ms', target: { max: 300 } },
      { name: `submission_ms@${first}`, value: small?.submissionMs ?? null, unit: 'ms' },
      { name: `submission_ms@${big}`, value: large?.submissionMs ?? null, unit: 'ms' },
      { name: `submission_cpu_ms@${first}`, value: small?.submissionCpuMs ?? null, unit: 'ms' },
      { name: `submission_cpu_ms@${big}`, value: large?.submissionCpuMs ?? null, unit: 'ms' },
      {
        name: quick ? `submission_ratio_${big}_vs_${first}` : 'submission_ratio_100k_vs_1k',
        value: small?.submissionMs && large?.submissionMs ? large.submissionMs / small.submissionMs : null,
        unit: 'x',
        target: { max: 1.5 },
      },
    ];
    const failed = results.filter((r) => r.failed);
    return {
      figures,
      details: { sizes: results, rounds: Object.fromEntries(rounds) },
      notes: [
        `Each size measured in ${ROUNDS} rounds alternating between the sizes; per round the median of 40 joins, 240 submissions ` +
          'and 7 monitoring views; figures are the median of the rounds. A submission includes its fdatasyncs (its CPU time does not).',
        'Stores are built as files in the store\'s line format (80 % completed, 10 % active, 6 % withdrawn, 4 % declined; ' +
          'about three audit events and one trial file per participant), then opened by the store in a fresh process.',
        ...failed.map((r) => `${r.participants} participants failed: ${r.failed}`),
      ],
    };
  },
};
export default bench;
