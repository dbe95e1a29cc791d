import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { TASK_TYPES, type TaskType } from '../../analysis/metrics/task-type.ts';
import { FORMATS, type AnalyzeFlags, type Format } from '../commands/analyze.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { exportFileName } from '../../server/researcher/export/formats.ts';

/** `confiance analyze` (declared in bin/commands/analyze.ts). */
export async function runAnalyze(experimentId: string | undefined, flags: AnalyzeFlags): Promise<void> {
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
  let csvPath = flags.input ?? 'trials.csv';
  if (flags.input !== undefined) {
    result = await analyze(
      readTrialCsv(flags.input, flags.input),
      flags.responses ? readResponsesCsv(flags.responses, flags.responses) : null,
      { ...common, experiment: basename(flags.input), task, tolerance },
    );
  } else {
    ({ result, csvPath } = await analyzeFromStore(experimentId!, flags, { ...common, task, tolerance }));
  }
  bar.finish();
  const report = render(result, format);
  if (flags.out) await writeFile(flags.out, report);
  else process.stdout.write(report);
  if (flags.rScript) {
    await writeFile(flags.rScript, renderRScript(result, csvPath));
    process.stderr.write(`R script written to ${flags.rScript}\n`);
  }
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
    // The R script reads the file `confiance export` writes for this version.
    return { result, csvPath: exportFileName(doc, 'trials.csv') };
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
