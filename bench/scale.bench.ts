/**
 * The embedded store as a study grows: stores of 1,000, 20,000 and 100,000 participants with their audit events
 * (bench/jobs/scale-build.ts), each opened in a fresh process that times a join, a submission and the monitoring
 * view (bench/jobs/scale-measure.ts). A participant's request must cost the same at every size.
 */
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
  monitoringMs?: number;
  monitoringFirstMs?: number;
  failed?: string;
}

const bench: BenchModule = {
  title: 'Embedded store at 1,000 / 20,000 / 100,000 participants: open, memory, join, submission, monitoring',
  async run({ root, tmp, quick, log, measureChild }) {
    const sizes = quick ? [200, 2000] : [1000, 20_000, 100_000];
    const results: SizeResult[] = [];
    for (const participants of sizes) {
      const dataDir = join(tmp, `data-${participants}`);
      log(`building a store of ${participants} participants...`);
      const build = await measureChild('bin/run-ts.js', ['bench/jobs/scale-build.ts', dataDir, String(participants)], {
        cwd: root,
        keepStdout: true,
        timeoutMs: 30 * 60_000,
      });
      if (build.exitCode !== 0) {
        results.push({ participants, failed: `build exited ${build.exitCode ?? build.signal}: ${build.stderrTail.slice(-600)}` });
        continue;
      }
      const built = JSON.parse(build.stdout ?? '{}') as { events: number };
      const resultFile = join(tmp, `measure-${participants}.json`);
      const measured = await measureChild('bin/run-ts.js', ['bench/jobs/scale-measure.ts', dataDir, resultFile], { cwd: root, timeoutMs: 30 * 60_000 });
      if (measured.exitCode !== 0) {
        results.push({ participants, failed: `measure exited ${measured.exitCode ?? measured.signal}: ${measured.stderrTail.slice(-600)}` });
        continue;
      }
      const figures = JSON.parse(await readFile(resultFile, 'utf8')) as Omit<SizeResult, 'participants'>;
      const size: SizeResult = {
        participants,
        events: built.events,
        buildMs: build.wallMs,
        ...figures,
        peakRssMb: measured.maxRssKb === null ? null : measured.maxRssKb / 1024,
      };
      results.push(size);
      log(
        `${participants}: open ${((size.openMs ?? 0) / 1000).toFixed(2)} s, peak RSS ${(size.peakRssMb ?? 0).toFixed(0)} MB, ` +
          `join ${size.joinMs?.toFixed(2)} ms, submission ${size.submissionMs?.toFixed(2)} ms, monitoring ${size.monitoringMs?.toFixed(1)} ms`,
      );
      await rm(dataDir, { recursive: true, force: true });
    }

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
      details: { sizes: results },
      notes: [
        'Medians over 40 joins, 240 submissions and 7 monitoring views per size; a submission includes its fdatasync.',
        'Stores are built as files in the store\'s line format (80 % completed, 10 % active, 6 % withdrawn, 4 % declined; ' +
          'about three audit events and one trial file per participant), then opened by the store in a fresh process.',
        ...failed.map((r) => `${r.participants} participants failed: ${r.failed}`),
      ],
    };
  },
};
export default bench;
