/**
 * `confiance simulate <experimentId> --participants N`: bots that take part in a study through the real HTTP flow
 * (as browsers without JavaScript), against a running server (`--url`) or a server started here on the embedded
 * store. Prints a progress bar on a terminal and a summary; exits with 1 when a bot meant to finish did not.
 */
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { join } from 'node:path';
import { loadExperiment } from '../../experiments/load.ts';
import { analyzeStoredRun } from '../../server/simulate/analyze-run.ts';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { describePolicy, parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import { summaryJson, summaryText } from '../../server/simulate/summary-report.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { renderTable } from '../../analysis/report/table.ts';
import type { SimulateFlags } from '../commands/simulate.ts';

/** `confiance simulate` (declared in bin/commands/simulate.ts). */
export async function runSimulate(experimentId: string, flags: SimulateFlags): Promise<void> {
  const participants = integerOption(flags.participants, '--participants', 1);
  const concurrency = integerOption(flags.concurrency, '--concurrency', 1);
  const seed = integerOption(flags.seed, '--seed', 0);
  const speed = flags.speed === 'max' ? Infinity : numberOption(flags.speed, '--speed', 0.001);
  const dropout = fractionOption(flags.dropout, '--dropout');
  const inattentive = fractionOption(flags.inattentive, '--inattentive');
  const retryForMs = numberOption(flags.retryFor, '--retry-for', 0) * 1000;
  const policy = parsePolicy(flags.policy);
  const language = flags.lang === undefined ? undefined : languageOption(flags.lang);
  if (flags.url && (flags.dataDir || flags.analyze)) {
    throw new UserError('--data-dir and --analyze apply to the in-process server only, not with --url');
  }
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);

  let server: InProcessServer | null = null;
  let target: { url: string };
  let experiment;
  if (flags.url) {
    target = { url: urlOption(flags.url) };
    // The bots' private knowledge: the study's file, from EXPERIMENTS_DIR (no store needed).
    experiment = await loadExperiment(join(config.EXPERIMENTS_DIR, experimentId, 'experiment.yaml'));
    if (experiment.file.id !== experimentId) {
      throw new UserError(`The study file of "${experimentId}" has the id "${experiment.file.id}"`);
    }
  } else {
    server = await startInProcess({ experimentId, experimentsDir: config.EXPERIMENTS_DIR, dataDir: flags.dataDir, speed, participants });
    target = { url: server.url };
    if (server.raisedTarget) {
      process.stderr.write(
        `note: the study takes ${server.raisedTarget.from} participants per condition; this pilot serves a copy with ` +
          `${server.raisedTarget.to} so that all ${participants} bots take part (the study file is unchanged)\n`,
      );
    }
    experiment = server.experiment;
  }
  if (language && !experiment.file.languages.includes(language)) {
    throw new UserError(`--lang ${language}: the study is in ${experiment.file.languages.join(', ')} only`);
  }
  process.stderr.write(`simulating ${participants} participants of ${experimentId} on ${target.url}: ${describePolicy(policy)}\n`);
  const minRt = experiment.file.procedure.exclusions.min_rt_ms;
  if (flags.url && minRt > 0 && speed > 1) {
    process.stderr.write(
      `warning: that server measures real response times; at --speed ${flags.speed} most decisions will be faster than ` +
        `the study's min_rt_ms (${minRt} ms) and excluded from the analysis (use --speed 1 for realistic times)\n`,
    );
  }
  const bar = progressBar(process.stderr, 'participants');
  let summary;
  try {
    summary = await runSimulation({
      experiment, target, participants, concurrency, policy, seed, speed, dropout, inattentive, language, retryForMs,
      distinctAddresses: server !== null,
      onProgress: bar.update,
    });
  } finally {
    bar.finish();
    if (server && !flags.analyze) await server.close();
  }
  process.stdout.write(flags.json ? summaryJson(summary) : summaryText(summary));

  if (server && flags.analyze) {
    try {
      const abar = progressBar(process.stderr, 'bootstrap');
      const result = await analyzeStoredRun(server.store, experimentId, { onProgress: abar.update });
      abar.finish();
      process.stdout.write('\n' + renderTable(result, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    } finally {
      await server.close();
    }
  }
  if (server && !server.temporary) {
    process.stderr.write(`data kept in ${server.dataDir}; analyse it with:\n  DATA_DIR=${server.dataDir} confiance analyze ${experimentId}\n`);
  } else if (server && !flags.analyze) {
    process.stderr.write('the data was in a temporary directory: use --data-dir <dir> to keep it, or --analyze\n');
  }
  if (!summary.ok) process.exitCode = 1;
}

function integerOption(value: string, name: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UserError(`Invalid ${name} "${value}":`, [`expected an integer >= ${min}`]);
  }
  return Number(value);
}

function numberOption(value: string, name: string, min: number): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < min) throw new UserError(`Invalid ${name} "${value}":`, [`expected a number >= ${min}`]);
  return x;
}

function fractionOption(value: string, name: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new UserError(`Invalid ${name} "${value}":`, ['expected a fraction between 0 and 1']);
  return x;
}

function languageOption(value: string): 'fr' | 'en' {
  if (value === 'fr' || value === 'en') return value;
  throw new UserError(`Invalid --lang "${value}":`, ['expected fr or en']);
}

function urlOption(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // reported below
  }
  throw new UserError(`Invalid --url "${value}":`, ['expected http://host:port or https://host']);
}
