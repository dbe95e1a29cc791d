/**
 * Analysis of 1,000,000 trials from 20,000 participants (4 conditions, two-stage binary task, seeded population):
 * wall time and peak memory of `confiance analyze --input <csv> --format json --bootstrap 2000` in a child process.
 * Target (issue "Simulated agents"): under 15 s and under 1 GB.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchModule } from './harness/types.ts';
import { writeTrialCsv } from './population/write-trial-csv.ts';
import { CONDITIONS } from './population/trial-population.ts';

const bench: BenchModule = {
  title: 'Analysis of a trial CSV (confiance analyze, 2000 bootstrap resamples)',
  async run({ root, tmp, quick, log, measureChild }) {
    const participants = quick ? 1000 : 20_000;
    const trialsPerParticipant = 50;
    const csv = join(tmp, 'trials.csv');
    const t0 = performance.now();
    await writeTrialCsv({ participants, trialsPerParticipant, conditions: CONDITIONS, seed: 1 }, csv);
    const generateMs = performance.now() - t0;
    const bytes = (await stat(csv)).size;
    log(`generated ${participants * trialsPerParticipant} trials (${(bytes / 1e6).toFixed(0)} MB) in ${(generateMs / 1000).toFixed(1)} s`);

    // Start-up alone (node + TypeScript loader + CLI modules): part of every command's wall time.
    const startup = await measureChild('bin/confiance.js', ['--version'], { cwd: root });
    const out = join(tmp, 'analysis.json');
    const analysis = await measureChild(
      'bin/confiance.js',
      ['analyze', '--input', csv, '--format', 'json', '--bootstrap', '2000', '--out', out],
      { cwd: root },
    );
    if (analysis.exitCode !== 0) throw new Error(`confiance analyze exited ${analysis.exitCode} ${analysis.signal ?? ''}: ${analysis.stderrTail}`);
    const result = JSON.parse(await readFile(out, 'utf8')) as { conditions: { condition: string; trials: number; participants: number }[] };
    const analysedTrials = result.conditions.reduce((s, c) => s + c.trials, 0);
    log(`analyze: ${(analysis.wallMs / 1000).toFixed(1)} s, peak RSS ${((analysis.maxRssKb ?? 0) / 1024).toFixed(0)} MB`);
    return {
      figures: [
        { name: 'wall time', value: analysis.wallMs / 1000, unit: 's', target: { max: 15 } },
        { name: 'peak RSS', value: analysis.maxRssKb === null ? null : analysis.maxRssKb / 1024, unit: 'MB', target: { max: 1024 } },
        { name: 'CPU time (user + system)', value: ((analysis.userCpuMs ?? 0) + (analysis.systemCpuMs ?? 0)) / 1000, unit: 's' },
        { name: 'start-up alone (confiance --version)', value: startup.wallMs / 1000, unit: 's', note: `peak RSS ${((startup.maxRssKb ?? 0) / 1024).toFixed(0)} MB` },
      ],
      details: {
        participants,
        trials: participants * trialsPerParticipant,
        analysedTrials,
        conditions: result.conditions.map((c) => ({ condition: c.condition, participants: c.participants, trials: c.trials })),
        csvBytes: bytes,
        generateMs,
        analysis,
        startup,
      },
    };
  },
};
export default bench;
