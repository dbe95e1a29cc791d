import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialBatches, type TrialCsvOptions } from '../../analysis/input/trial-csv.ts';
import { parseWhere } from '../../analysis/input/row-filter.ts';
import { storeDesignOptions } from '../../analysis/input/store-design.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { storeComprehension } from '../../analysis/input/store-comprehension.ts';
import { TASK_TYPES, type TaskType } from '../../analysis/metrics/task-type.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import type { ModelCovariate } from '../../analysis/models/reliance-models.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
import { conditionFactors } from '../../analysis/report/condition-factors.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { exportFileName } from '../../server/researcher/export/formats.ts';

import { DESIGNS, FORMATS, MODEL_COVARIATES, type AnalyzeFlags, type Format } from '../commands/analyze.ts';

/** The work of `confiance analyze` (declared in bin/commands/analyze.ts). */
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
  const declared = parseDesign(flags.design, flags.factors);
  const where = parseWhere(flags.where);
  let rowsLeftOut = 0;
  const csvOptions = { where, factors: declared.factors, groupBy: flags.groupBy, onFiltered: (n: number) => (rowsLeftOut = n) };
  const common = {
    resamples,
    seed,
    control: flags.control,
    onProgress: bar.update,
    ...declared,
    undefinedAsZero: flags.undefinedAsZero === true,
    equivalenceMargin: flags.equivalenceMargin === undefined ? undefined : parseMargin(flags.equivalenceMargin),
    primary: flags.primary,
    models: flags.models,
    onModels: (trials: number) => {
      // About 100 s of CPU for the four models of 1,000,000 trials: say so before the wait.
      if (trials >= 200_000) process.stderr.write(`fitting the mixed models on ${trials} trials (about 30 s of CPU per 500,000; --no-models skips them)\n`);
    },
    modelCovariates: parseModelCovariates(flags.modelCovariates),
    where: where.length > 0 ? { specs: flags.where, rowsLeftOut: () => rowsLeftOut } : undefined,
  };
  let result: AnalysisResult;
  let csvPath: string;
  if (flags.input !== undefined) {
    if (flags.design === 'factorial' && declared.factors === undefined) {
      throw new UserError('--design factorial needs --factors (e.g. --factors explanation,framing).');
    }
    result = await analyze(
      readTrialBatches(flags.input, flags.input, csvOptions),
      flags.responses ? readResponsesCsv(flags.responses, flags.responses) : null,
      { ...common, experiment: basename(flags.input), task, tolerance },
    );
    csvPath = resolve(flags.input);
  } else {
    ({ result, csvPath } = await analyzeFromStore(experimentId!, flags, { ...common, task, tolerance }, csvOptions));
  }
  bar.finish();
  const report = render(result, format);
  if (flags.out) await writeOutput('--out', flags.out, () => writeFile(flags.out!, report));
  else process.stdout.write(report);
  if (flags.rScript) {
    const scriptDir = dirname(resolve(flags.rScript));
    const options = {
      csvPath: relative(scriptDir, csvPath) || csvPath,
      factors: conditionFactors(result),
      groupBy: flags.groupBy,
      covariates: parseModelCovariates(flags.modelCovariates),
    };
    await writeOutput('--r-script', flags.rScript, () => writeFile(flags.rScript!, renderRScript(result, options)));
    process.stderr.write(`R script written to ${flags.rScript}\n`);
  }
}

async function analyzeFromStore(
  experimentId: string,
  flags: AnalyzeFlags,
  options: Omit<AnalyzeOptions, 'experiment'>,
  csvOptions: TrialCsvOptions,
): Promise<{ result: AnalysisResult; csvPath: string }> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  // Loaded here only: the store's drivers (MongoDB's among them) are not needed to analyse a CSV file.
  const { openStore } = await import('../../server/store/index.ts');
  const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI, mongodbDb: config.MONGODB_DB, mongodbOperationTimeoutMs: config.MONGODB_TIMEOUT_MS });
  try {
    const doc = await store.getExperiment(experimentId);
    if (!doc) {
      const opened = [...new Set((await store.listExperiments()).map((d) => d.id))];
      throw new UserError(`Experiment "${experimentId}" was never opened in the store.`, [
        opened.length > 0 ? `opened experiments: ${opened.join(', ')}` : 'no experiment was opened in this store yet',
      ]);
    }
    const declared = storeTask(doc);
    // --group-by replaces the conditions: the file's factors, condition order and control no longer apply.
    const design = storeDesignOptions(doc, flags.groupBy !== undefined);
    const unknown = (options.factors ?? []).filter((f) => design.factors !== undefined && !design.factors.includes(f));
    if (unknown.length > 0) {
      throw new UserError(`Unknown factor(s) in --factors: ${unknown.map((f) => `"${f}"`).join(', ')}:`, [
        `the experiment file of ${experimentId} declares the factors ${design.factors!.join(', ')}`,
      ]);
    }
    const result = await analyze(
      storeTrials(store, doc, { ...csvOptions, factors: undefined }),
      flags.responses ? readResponsesCsv(flags.responses, flags.responses) : storeResponses(store, doc),
      {
        ...options,
        experiment: experimentId,
        task: options.task ?? declared.task,
        tolerance: options.tolerance ?? declared.tolerance,
        scales: storeScales(doc),
        ...design,
        design: options.design ?? design.design,
        designSource: options.design === undefined ? 'experiment' : 'option',
        factors: options.factors ?? design.factors,
        conditionLevels: options.factors === undefined ? design.conditionLevels : undefined,
        control: options.control ?? design.control,
      },
    );
    const comprehension = await storeComprehension(store, doc);
    if (comprehension) result.comprehension = comprehension;
    // The R script reads the trial CSV `confiance export` writes for this version: written next to the script.
    const csvPath = join(dirname(resolve(flags.rScript ?? '.')), exportFileName(doc, 'trials.csv'));
    if (flags.rScript) {
      await writeOutput('--r-script', csvPath, () => pipeline(Readable.from(trialCsvLines(store, doc)), createWriteStream(csvPath)));
      process.stderr.write(`Trial CSV for the R script written to ${csvPath}\n`);
    }
    return { result, csvPath };
  } finally {
    await store.close();
  }
}

/** Writes a file the user named; a path that cannot be written is a user error naming the option, not a stack trace. */
async function writeOutput(option: string, path: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    throw new UserError(`Cannot write ${path} (${option}):`, [`${code}: ${(err as Error).message}`]);
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

/** --design and --factors: factorial is a between-subjects design with factors. */
function parseDesign(design: string | undefined, factors: string | undefined): Pick<AnalyzeOptions, 'design' | 'factors'> {
  if (design !== undefined && !(DESIGNS as readonly string[]).includes(design)) {
    throw new UserError(`Unknown --design "${design}":`, [`expected one of ${DESIGNS.join(', ')}`]);
  }
  const names = factors?.split(',').map((f) => f.trim());
  if (names !== undefined && (names.some((f) => f === '') || new Set(names).size !== names.length)) {
    throw new UserError(`Invalid --factors "${factors}":`, ['expected distinct factor names separated by commas, e.g. explanation,framing']);
  }
  return { design: design === undefined ? undefined : design === 'within' ? 'within' : 'between', factors: names };
}


/** --model-covariates position,confidence: standardised trial position, the AI's displayed confidence. */
function parseModelCovariates(value: string | undefined): ModelCovariate[] {
  if (value === undefined) return [];
  const names = value.split(',').map((v) => v.trim());
  const unknown = names.filter((n) => !(MODEL_COVARIATES as readonly string[]).includes(n));
  if (unknown.length > 0 || new Set(names).size !== names.length) {
    throw new UserError(`Invalid --model-covariates "${value}":`, [`expected distinct names among ${MODEL_COVARIATES.join(', ')}`]);
  }
  return names as ModelCovariate[];
}

function parseMargin(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0) {
    throw new UserError(`Invalid --equivalence-margin "${value}":`, ['expected a number > 0 (on the scale of the ratios, e.g. 0.05)']);
  }
  return x;
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
