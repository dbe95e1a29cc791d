import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { TASK_TYPES, type TaskType } from '../../analysis/metrics/task-type.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
import { conditionFactors } from '../../analysis/report/condition-factors.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { exportFileName } from '../../server/researcher/export/formats.ts';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface AnalyzeFlags {
  input?: string;
  responses?: string;
  control?: string;
  format: string;
  out?: string;
  bootstrap: string;
  seed: string;
  rScript?: string;
  task?: string;
  tolerance?: string;
}

/**
 * `confiance analyze <experimentId | --input trials.csv>`: every reliance metric per condition with intervals, every
 * comparison against the control, the questionnaire scales; as terminal tables, JSON (METRICS.md section 6), CSV or
 * a self-contained HTML report; optionally an R script for the mixed models.
 */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('reliance and trust statistics of one experiment (from the store) or of a trial CSV')
    .argument('[experimentId]', 'id of an opened experiment in the configured store (embedded or MONGODB_URI)')
    .option('--input <trials.csv>', 'analyse this trial CSV (METRICS.md section 5) instead of the store')
    .option('--responses <responses.csv>', 'questionnaire answers: participant_id,scale,item,value')
    .option('--control <condition>', 'control condition (default: "none" when present, else the first)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--bootstrap <B>', 'participant-cluster bootstrap resamples (0 = off)', '2000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--r-script <file.R>', 'also write an R script (lme4) fitting the mixed models on the trial CSV')
    .option('--task <type>', `task type: ${TASK_TYPES.join(', ')} (default: from the experiment, or inferred from the CSV)`)
    .option('--tolerance <x>', 'numeric tasks: |answer - truth| <= x counts as correct (correct_within)')
    .addHelpText(
      'after',
      '\nTask inference for a CSV: numeric when every truth, ai_advice, initial and final value is a number and there\n' +
        'are more than two distinct truth values; otherwise labels compared as strings (binary with two labels, else\n' +
        'categorical). Pass --task to decide it yourself.',
    )
    .action(async (experimentId: string | undefined, flags: AnalyzeFlags) => {
      const format = parseFormat(flags.format);
      const resamples = parseInteger(flags.bootstrap, '--bootstrap', 0);
      const seed = parseInteger(flags.seed, '--seed', -(2 ** 31));
      const task = parseTask(flags.task);
      const tolerance = flags.tolerance === undefined ? undefined : parseTolerance(flags.tolerance);
      if ((experimentId === undefined) === (flags.input === undefined)) {
        throw new UserError('Give either an experiment id or --input trials.csv (exactly one).');
      }
      const bar = progressBar(process.stderr, 'bootstrap');
      const common = { resamples, seed, control: flags.control, onProgress: bar.update };
      let result: AnalysisResult;
      let csvPath: string;
      if (flags.input !== undefined) {
        result = await analyze(
          readTrialCsv(flags.input, flags.input),
          flags.responses ? readResponsesCsv(flags.responses, flags.responses) : null,
          { ...common, experiment: basename(flags.input), task, tolerance },
        );
        csvPath = resolve(flags.input);
      } else {
        ({ result, csvPath } = await analyzeFromStore(experimentId!, flags, { ...common, task, tolerance }));
      }
      bar.finish();
      const report = render(result, format);
      if (flags.out) await writeFile(flags.out, report);
      else process.stdout.write(report);
      if (flags.rScript) {
        const scriptDir = dirname(resolve(flags.rScript));
        const factors = conditionFactors(result.conditions.map((c) => c.condition), result.control);
        await writeFile(flags.rScript, renderRScript(result, { csvPath: relative(scriptDir, csvPath) || csvPath, factors }));
        process.stderr.write(`R script written to ${flags.rScript}\n`);
      }
    });
}

async function analyzeFromStore(
  experimentId: string,
  flags: AnalyzeFlags,
  options: Omit<AnalyzeOptions, 'experiment'>,
): Promise<{ result: AnalysisResult; csvPath: string }> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI, mongodbDb: config.MONGODB_DB });
  try {
    const doc = await store.getExperiment(experimentId);
    if (!doc) {
      const opened = [...new Set((await store.listExperiments()).map((d) => d.id))];
      throw new UserError(`Experiment "${experimentId}" was never opened in the store.`, [
        opened.length > 0 ? `opened experiments: ${opened.join(', ')}` : 'no experiment was opened in this store yet',
      ]);
    }
    const declared = storeTask(doc);
    const result = await analyze(
      storeTrials(store, doc),
      flags.responses ? readResponsesCsv(flags.responses, flags.responses) : storeResponses(store, doc),
      {
        ...options,
        experiment: experimentId,
        task: options.task ?? declared.task,
        tolerance: options.tolerance ?? declared.tolerance,
        scales: storeScales(doc),
      },
    );
    // The R script reads the trial CSV `confiance export` writes for this version: written next to the script.
    const csvPath = join(dirname(resolve(flags.rScript ?? '.')), exportFileName(doc, 'trials.csv'));
    if (flags.rScript) {
      await pipeline(Readable.from(trialCsvLines(store, doc)), createWriteStream(csvPath));
      process.stderr.write(`Trial CSV for the R script written to ${csvPath}\n`);
    }
    return { result, csvPath };
  } finally {
    await store.close();
  }
}

function render(result: AnalysisResult, format: Format): string {
  switch (format) {
    case 'table':
      return renderTable(result, { color: process.stdout.isTTY === true && !process.env.NO_COLOR });
    case 'json':
      return renderJson(result);
    case 'csv':
      return renderCsv(result);
    case 'html':
      return renderHtml(result);
  }
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UserError(`Unknown --format "${value}":`, [`expected one of ${FORMATS.join(', ')}`]);
}

function parseTask(value: string | undefined): TaskType | undefined {
  if (value === undefined) return undefined;
  if ((TASK_TYPES as readonly string[]).includes(value)) return value as TaskType;
  throw new UserError(`Unknown --task "${value}":`, [`expected one of ${TASK_TYPES.join(', ')}`]);
}

function parseInteger(value: string, option: string, min: number): number {
  if (!/^-?\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UserError(`Invalid ${option} "${value}":`, [`expected an integer >= ${min}`]);
  }
  return Number(value);
}

function parseTolerance(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0) {
    throw new UserError(`Invalid --tolerance "${value}":`, ['expected a number >= 0']);
  }
  return x;
}
