import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadExperiment } from '../../experiments/load.ts';
import { loadConfig } from '../../server/config.ts';
import { experimentPower, type PlannedTest } from '../../analysis/power/experiment-power.ts';
import { parseParticipantRange } from '../../analysis/power/participant-range.ts';
import { renderPowerJson, renderPowerTable } from '../../analysis/power/power-report.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { FORMATS, TESTS, type PowerFlags } from '../commands/power.ts';

/** `confiance power` (declared in bin/commands/power.ts). */
export async function runPower(experiment: string, flags: PowerFlags): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    throw new UserError(`Unknown --format "${flags.format}":`, [`expected one of ${FORMATS.join(', ')}`]);
  }
  if (!(TESTS as readonly string[]).includes(flags.test)) {
    throw new UserError(`Unknown --test "${flags.test}":`, [`expected one of ${TESTS.join(', ')}`]);
  }
  const mixed = flags.test === 'mixed';
  if (!mixed && (flags.iccParticipant !== undefined || flags.iccCase !== undefined)) {
    throw new UserError('--icc-participant and --icc-case apply to the mixed model:', ['add --test mixed, or leave them out (the Welch test uses --sd)']);
  }
  const participants = parseParticipantRange(flags.participants.join(' '));
  const simulations = parseNumber(flags.simulations ?? (mixed ? '200' : '1000'), '--simulations', { integer: true, min: 1, max: 1_000_000 });
  const test: PlannedTest = mixed
    ? {
        kind: 'mixed',
        iccParticipant: parseNumber(flags.iccParticipant ?? '0.1', '--icc-participant', { min: 0, max: 1, upperExclusive: true }),
        iccCase: parseNumber(flags.iccCase ?? '0.05', '--icc-case', { min: 0, max: 1, upperExclusive: true }),
      }
    : { kind: 'welch' };
  const sd = parseNumber(flags.sd, '--sd', { min: 0, max: 0.5 });
  const alpha = parseNumber(flags.alpha, '--alpha', { min: 0, max: 1, exclusive: true });
  const seed = parseNumber(flags.seed, '--seed', { integer: true, min: -(2 ** 31), max: 2 ** 32 - 1 });
  const exp = await loadExperiment(experimentPath(experiment));
  const bar = progressBar(process.stderr, 'power');
  const report = experimentPower(exp, flags.effect, { participants, simulations, sd, alpha, seed, onProgress: bar.update }, test);
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

function parseNumber(
  text: string,
  option: string,
  rule: { integer?: boolean; min: number; max: number; exclusive?: boolean; upperExclusive?: boolean },
): number {
  const value = Number(text);
  const shape = rule.integer ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i;
  const inRange = rule.exclusive
    ? value > rule.min && value < rule.max
    : value >= rule.min && (rule.upperExclusive ? value < rule.max : value <= rule.max);
  if (!shape.test(text.trim()) || !inRange) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const range = rule.exclusive
      ? `strictly between ${rule.min} and ${rule.max}`
      : rule.upperExclusive
        ? `from ${rule.min} up to (not including) ${rule.max}`
        : `from ${rule.min} to ${rule.max}`;
    throw new UserError(`Invalid ${option} "${text}":`, [`expected ${kind} ${range}`]);
  }
  return value;
}
