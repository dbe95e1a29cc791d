/**
 * `confiance power` with 1000 simulations over the default range (20..200 step 20) on the bundled study
 * signaux-faibles (4 conditions, 20 trials): wall time and peak memory in a child process. Target: under a minute.
 */
import type { BenchModule } from './harness/types.ts';

const bench: BenchModule = {
  title: 'Power analysis (confiance power, 1000 simulations x 10 sample sizes)',
  async run({ root, quick, log, measureChild }) {
    const simulations = quick ? '100' : '1000';
    const run = await measureChild(
      'bin/confiance.js',
      ['power', 'signaux-faibles', '--effect', 'agreement: none=0.60, feature_importance=0.70', '--simulations', simulations, '--format', 'json'],
      { cwd: root, keepStdout: true },
    );
    if (run.exitCode !== 0) throw new Error(`confiance power exited ${run.exitCode}: ${run.stderrTail}`);
    const report = JSON.parse(run.stdout ?? '{}') as { targets: unknown; rows: unknown[] };
    const { stdout, ...measured } = run;
    void stdout;
    log(`power: ${(run.wallMs / 1000).toFixed(1)} s`);
    return {
      figures: [
        { name: 'wall time', value: run.wallMs / 1000, unit: 's', target: { max: 60 } },
        { name: 'CPU time (user + system)', value: ((run.userCpuMs ?? 0) + (run.systemCpuMs ?? 0)) / 1000, unit: 's' },
        { name: 'peak RSS', value: run.maxRssKb === null ? null : run.maxRssKb / 1024, unit: 'MB' },
      ],
      details: { simulations: Number(simulations), sampleSizes: report.rows.length, targets: report.targets, run: measured },
    };
  },
};
export default bench;
