import { writeFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { UserError } from '../../experiments/user-error.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialBatches } from '../../analysis/input/trial-csv.ts';
import { parseWhere } from '../../analysis/input/row-filter.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { TASK_TYPES, type TaskType } from '../../analysis/metrics/task-type.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import type { ModelCovariate } from '../../analysis/models/reliance-models.ts';
import { progressBar } from '../../analysis/report/progress-bar.ts';
import { writeOutput } from './write-output.ts';

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
    // Loaded here only: the store, its drivers and the experiment files are not needed to analyse a CSV file.
    const { analyzeFromStore } = await import('./analyze-store.ts');
    ({ result, csvPath } = await analyzeFromStore(experimentId!, flags, { ...common, task, tolerance }, csvOptions));
  }
  bar.finish();
  const report = await render(result, format);
  if (flags.out) await writeOutput('--out', flags.out, () => writeFile(flags.out!, report));
  else process.stdout.write(report);
  if (flags.rScript) {
    const [{ renderRScript }, { conditionFactors }] = await Promise.all([import('../../analysis/report/r-script.ts'), import('../../analysis/report/condition-factors.ts')]);
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

/** The report in its format (each renderer loaded only when its format is asked for). */
async function render(result: AnalysisResult, format: Format): Promise<string> {
  switch (format) {
    case 'table':
      return (await import('../../analysis/report/table.ts')).renderTable(result, { color: process.stdout.isTTY === true && !process.env.NO_COLOR });
    case 'json':
      return (await import('../../analysis/report/json.ts')).renderJson(result);
    case 'csv':
      return (await import('../../analysis/report/csv.ts')).renderCsv(result);
    case 'html':
      return (await import('../../analysis/report/html.ts')).renderHtml(result);
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
