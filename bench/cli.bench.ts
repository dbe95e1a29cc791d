/**
 * CLI start-up: `confiance --version` and `confiance validate <one study>` against bare node (`node -e 0`), in
 * alternating rounds so that the ratios hold on a loaded machine. Medians of the rounds. Targets (issue #15):
 * `--version` within 4x bare node, `validate` of one file within 10x. The compiled CLI (dist/, built by
 * `npm install`) is what users run; the same commands from the TypeScript sources (CONFIANCE_FROM_SOURCE=1, the
 * fallback when dist/ is stale) are measured beside it for reference.
 */
import { spawnSync } from 'node:child_process';
import type { BenchModule } from './harness/types.ts';
// @ts-expect-error plain JavaScript module of the launcher, without type declarations
import { distIsFresh } from '../bin/dist-freshness.js';

const STUDY = 'experiments/studies/signaux-faibles/experiment.yaml';

interface Command {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const COMMANDS: Command[] = [
  { name: 'bare', args: ['-e', '0'] },
  { name: 'version', args: ['bin/confiance.js', '--version'] },
  { name: 'validate', args: ['bin/confiance.js', 'validate', STUDY] },
  { name: 'version_tsx', args: ['bin/confiance.js', '--version'], env: { CONFIANCE_FROM_SOURCE: '1' } },
  { name: 'validate_tsx', args: ['bin/confiance.js', 'validate', STUDY], env: { CONFIANCE_FROM_SOURCE: '1' } },
];

/** Wall time (ms) of one run, from spawn to exit; throws when the command fails. */
function timeOnce(root: string, command: Command): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, command.args, { cwd: root, env: { ...process.env, ...command.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command.args.join(' ')} exited ${run.status}: ${run.stderr.toString().slice(-500)}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const bench: BenchModule = {
  title: 'CLI start-up (confiance --version, validate of one file) against bare node',
  async run({ root, quick, log, measureChild }) {
    const compiled = distIsFresh(root) as boolean;
    if (!compiled) log('dist/ is missing or older than the sources: the "compiled" figures measure the tsx fallback (run npm run build)');
    const rounds = quick ? 3 : 15;
    const times: Record<string, number[]> = Object.fromEntries(COMMANDS.map((c) => [c.name, []]));
    for (const command of COMMANDS) timeOnce(root, command); // warm the file cache
    for (let round = 0; round < rounds; round++) {
      for (const command of COMMANDS) times[command.name].push(timeOnce(root, command));
    }
    const m = Object.fromEntries(COMMANDS.map((c) => [c.name, median(times[c.name])]));
    const version = await measureChild('bin/confiance.js', ['--version'], { cwd: root });
    const validate = await measureChild('bin/confiance.js', ['validate', STUDY], { cwd: root });
    const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 1024));
    log(`bare node ${m.bare.toFixed(0)} ms, --version ${m.version.toFixed(0)} ms, validate ${m.validate.toFixed(0)} ms (${rounds} rounds)`);
    return {
      figures: [
        { name: 'bare_node_ms', value: m.bare, unit: 'ms', note: 'node -e 0' },
        { name: 'version_ms', value: m.version, unit: 'ms' },
        { name: 'validate_ms', value: m.validate, unit: 'ms', note: STUDY },
        { name: 'version_ratio', value: m.version / m.bare, unit: 'x bare node', target: { max: 4 } },
        { name: 'validate_ratio', value: m.validate / m.bare, unit: 'x bare node', target: { max: 10 } },
        { name: 'version_ratio_tsx', value: m.version_tsx / m.bare, unit: 'x bare node', note: 'from the sources through tsx' },
        { name: 'validate_ratio_tsx', value: m.validate_tsx / m.bare, unit: 'x bare node', note: 'from the sources through tsx' },
        { name: 'version_rss_mb', value: mb(version.maxRssKb), unit: 'MB' },
        { name: 'validate_rss_mb', value: mb(validate.maxRssKb), unit: 'MB' },
      ],
      details: { compiled, rounds, medianMs: m, timesMs: times, version, validate },
      notes: compiled ? [] : ['dist/ was stale or missing: the compiled figures are those of the tsx fallback'],
    };
  },
};
export default bench;
