import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadExperiment } from '../../experiments/load.ts';
import { loadConfig } from '../../server/config.ts';
import { experimentPower } from '../../analysis/power/experiment-power.ts';
import { parseParticipantRange } from '../../analysis/power/participant-range.ts';
import { renderPowerJson, renderPowerTable } from '../../analysis/power/power-report.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';

const FORMATS = ['table', 'json'] as const;

interface PowerFlags {
  effect: string;
  participants: string[];
  simulations: string;
  sd: string;
  seed: string;
  alpha: string;
  format: string;
}

/**
 * `confiance power <experimentId | experiment.yaml> --effect "..."`: Monte Carlo power of the participant-level test
 * of `confiance analyze` (Welch t on per-participant ratios, Holm across the comparisons) for a stated effect, on the
 * study's real design.
 */
export function registerPower(program: Command): void {
  program
    .command('power')
    .description('Monte Carlo power of the Holm-adjusted participant-level test for a stated effect, on a study\'s design')
    .argument('<experiment>', 'an experiment id (EXPERIMENTS_DIR/<id>/experiment.yaml) or the path of an experiment file')
    .requiredOption('--effect <text>', 'metric and expected rates, e.g. "agreement: none=0.60, feature_importance=0.70"')
    // Variadic so that `--participants 20..200 step 20` works without quotes.
    .option('--participants <range...>', 'participants per condition: 20..200 step 20, 20..200 (step 10) or 20,50,100', ['20..200', 'step', '20'])
    .option('--simulations <S>', 'simulated studies per sample size', '1000')
    .option('--sd <x>', "between-participant SD of each participant's rate (probability scale, Beta distribution)", '0.1')
    .option('--alpha <a>', 'significance level of the Holm-adjusted tests', '0.05')
    .option('--seed <n>', 'seed of the simulation', '1')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .addHelpText(
      'after',
      '\nMetrics: agreement and accuracy_final (all trials), overreliance (trials with wrong advice), underreliance\n' +
        '(trials with right advice), accuracy_initial (two-stage). Conditions not named in --effect get the control\'s\n' +
        "rate and stay in the Holm family. Each participant's rate ~ Beta(mean p, SD --sd), their count\n" +
        '~ Binomial(their denominator, rate). Within-subjects: N participants each see every condition, and their\n' +
        'rates in the conditions are drawn independently (the analysis\'s Welch test treats them as independent too).',
    )
    .action((experiment: string, flags: PowerFlags) => runPower(experiment, flags));
}

async function runPower(experiment: string, flags: PowerFlags): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    throw new UserError(`Unknown --format "${flags.format}":`, [`expected one of ${FORMATS.join(', ')}`]);
  }
  const participants = parseParticipantRange(flags.participants.join(' '));
  const simulations = parseNumber(flags.simulations, '--simulations', { integer: true, min: 1, max: 1_000_000 });
  const sd = parseNumber(flags.sd, '--sd', { min: 0, max: 0.5 });
  const alpha = parseNumber(flags.alpha, '--alpha', { min: 0, max: 1, exclusive: true });
  const seed = parseNumber(flags.seed, '--seed', { integer: true, min: -(2 ** 31), max: 2 ** 32 - 1 });
  const exp = await loadExperiment(experimentPath(experiment));
  const bar = progressBar(process.stderr, 'power');
  const report = experimentPower(exp, flags.effect, { participants, simulations, sd, alpha, seed, onProgress: bar.update });
  bar.finish();
  process.stdout.write(flags.format === 'json' ? renderPowerJson(report) : renderPowerTable(report));
}

/** A path when it names a file (or ends like one), else an id looked up in EXPERIMENTS_DIR. */
function experimentPath(experiment: string): string {
  if (/\.(ya?ml|json)$/i.test(experiment) || existsSync(experiment)) return experiment;
  loadDotenv({ quiet: true });
  const path = join(loadConfig(process.env).EXPERIMENTS_DIR, experiment, 'experiment.yaml');
  if (!existsSync(path)) {
    throw new UserError(`No experiment "${experiment}":`, [`${path} does not exist (give an experiment id found in EXPERIMENTS_DIR, or a file path)`]);
  }
  return path;
}

function parseNumber(text: string, option: string, rule: { integer?: boolean; min: number; max: number; exclusive?: boolean }): number {
  const value = Number(text);
  const shape = rule.integer ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i;
  const inRange = rule.exclusive ? value > rule.min && value < rule.max : value >= rule.min && value <= rule.max;
  if (!shape.test(text.trim()) || !inRange) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const range = rule.exclusive ? `strictly between ${rule.min} and ${rule.max}` : `from ${rule.min} to ${rule.max}`;
    throw new UserError(`Invalid ${option} "${text}":`, [`expected ${kind} ${range}`]);
  }
  return value;
}
