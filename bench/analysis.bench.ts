/**
 * Analysis of 1,000,000 trials from 20,000 participants (4 conditions, two-stage binary task, seeded population):
 * wall time and peak memory of `confiance analyze --input <csv> --format json --bootstrap 2000 --no-models` in a child
 * process. Target (issue "Simulated agents"): under 15 s and under 1 GB.
 * Mixed models (issue 12): the four glmer-equivalent fits (agreement, overreliance, rair, rsr) on 80,000 trials from
 * 2,000 participants and 200 cases, as the analysis with models minus the analysis without, beside lme4's time for
 * the same four fits (bench/lme4-models.R) when Rscript exists; and the 1,000,000 trials analysed with the models
 * (target: under a minute and 1 GB).
 * The metric part beside R data.table (issue 15): the same CSV analysed with --bootstrap 0 and read by
 * bench/datatable-rates.R, in alternating rounds, CPU times compared (`metric_ratio_vs_datatable`, target <= 2).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BenchContext, BenchModule, BenchOutcome, Figure } from './harness/types.ts';
import { writeTrialCsv } from './population/write-trial-csv.ts';
import { CONDITIONS } from './population/trial-population.ts';
import { metricVsDatatable } from './datatable-rates.ts';

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
      ['analyze', '--input', csv, '--format', 'json', '--bootstrap', '2000', '--no-models', '--out', out],
      { cwd: root },
    );
    if (analysis.exitCode !== 0) throw new Error(`confiance analyze exited ${analysis.exitCode} ${analysis.signal ?? ''}: ${analysis.stderrTail}`);
    const result = JSON.parse(await readFile(out, 'utf8')) as { conditions: { condition: string; trials: number; participants: number }[] };
    const analysedTrials = result.conditions.reduce((s, c) => s + c.trials, 0);
    log(`analyze: ${(analysis.wallMs / 1000).toFixed(1)} s, peak RSS ${((analysis.maxRssKb ?? 0) / 1024).toFixed(0)} MB`);
    const metric = await metricVsDatatable({ root, tmp, quick, log, measureChild }, csv);
    const models = await mixedModels({ root, tmp, quick, log, measureChild }, csv);
    return {
      figures: [
        ...metric.figures,
        ...models.figures,
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
        models: models.details,
        metric: metric.details,
      },
      notes: [...metric.notes, ...(models.notes ?? [])],
    };
  },
};
export default bench;

const cpuSeconds = (m: { userCpuMs: number | null; systemCpuMs: number | null }): number => ((m.userCpuMs ?? 0) + (m.systemCpuMs ?? 0)) / 1000;

/** The four mixed models: native (analysis with minus without models) beside lme4, then on the large CSV. */
async function mixedModels(context: BenchContext, largeCsv: string): Promise<BenchOutcome> {
  const { root, tmp, quick, log, measureChild } = context;
  const participants = quick ? 200 : 2000;
  const csv = join(tmp, 'trials-80k.csv');
  await writeTrialCsv({ participants, trialsPerParticipant: 40, conditions: CONDITIONS, seed: 2, cases: 200 }, csv);
  const run = (file: string, extra: string[]) =>
    measureChild('bin/confiance.js', ['analyze', '--input', file, '--format', 'json', '--bootstrap', '0', '--out', join(tmp, 'models.json'), ...extra], { cwd: root });
  const without = await run(csv, ['--no-models']);
  const withModels = await run(csv, []);
  if (withModels.exitCode !== 0) throw new Error(`confiance analyze (models) exited ${withModels.exitCode}: ${withModels.stderrTail}`);
  const nativeWall = (withModels.wallMs - without.wallMs) / 1000;
  const nativeCpu = cpuSeconds(withModels) - cpuSeconds(without);
  log(`four mixed models on ${participants * 40} trials: ${nativeWall.toFixed(1)} s (CPU ${nativeCpu.toFixed(1)} s)`);
  const lme4 = runLme4(csv);
  if (lme4) log(`lme4: ${lme4.wall.toFixed(1)} s (CPU ${lme4.cpu.toFixed(1)} s)`);
  const largeWithout = await run(largeCsv, ['--no-models']);
  const large = await run(largeCsv, []);
  if (large.exitCode !== 0) throw new Error(`confiance analyze (models, large CSV) exited ${large.exitCode}: ${large.stderrTail}`);
  const largeModelsWall = (large.wallMs - largeWithout.wallMs) / 1000;
  const largeModelsCpu = cpuSeconds(large) - cpuSeconds(largeWithout);
  log(`large CSV with the models: ${(large.wallMs / 1000).toFixed(1)} s (CPU ${cpuSeconds(large).toFixed(1)} s), the four fits ${largeModelsWall.toFixed(1)} s (CPU ${largeModelsCpu.toFixed(1)} s), peak RSS ${((large.maxRssKb ?? 0) / 1024).toFixed(0)} MB`);
  const figures: Figure[] = [
    { name: `four mixed models, ${participants * 40} trials (analysis with minus without)`, value: nativeWall, unit: 's', note: `CPU ${nativeCpu.toFixed(1)} s` },
    { name: 'same four models in lme4 (glmer, bobyqa)', value: lme4?.wall ?? null, unit: 's', note: lme4 ? `CPU ${lme4.cpu.toFixed(1)} s, lme4 ${lme4.version}` : 'Rscript or lme4 not found' },
    { name: 'analysis of the large CSV with the four mixed models', value: large.wallMs / 1000, unit: 's', target: { max: 60 }, note: `CPU ${cpuSeconds(large).toFixed(1)} s` },
    { name: 'four mixed models on the large CSV (analysis with minus without, --bootstrap 0)', value: largeModelsWall, unit: 's', note: `CPU ${largeModelsCpu.toFixed(1)} s` },
    { name: 'CPU time, four mixed models on the large CSV', value: largeModelsCpu, unit: 's' },
    { name: 'CPU time, four mixed models on 80,000 trials', value: nativeCpu, unit: 's' },
    { name: 'CPU time, same four models in lme4', value: lme4?.cpu ?? null, unit: 's' },
    { name: 'peak RSS, large CSV with models', value: large.maxRssKb === null ? null : large.maxRssKb / 1024, unit: 'MB', target: { max: 1024 } },
  ];
  return {
    figures,
    details: { trials: participants * 40, cases: 200, without, withModels, lme4, largeWithout, large },
    notes: [
      'Mixed-model times are wall times on a shared machine; the CPU times (user + system of the child process) beside them are steadier.',
    ],
  };
}

/** lme4's time for the same four fits, or null without Rscript and lme4. */
function runLme4(csv: string): { wall: number; cpu: number; version: string } | null {
  const run = spawnSync('Rscript', [join(import.meta.dirname, 'lme4-models.R'), csv], { encoding: 'utf8' });
  if (run.status !== 0 || run.error) return null;
  const out = JSON.parse(run.stdout.trim()) as { lme4: string; seconds: Record<string, number>; cpu: Record<string, number> };
  const sum = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);
  return { wall: sum(out.seconds), cpu: sum(out.cpu), version: out.lme4 };
}
