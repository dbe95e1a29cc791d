import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { openStore } from '../../server/store/index.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialCsv, type TrialCsvOptions } from '../../analysis/input/trial-csv.ts';
import { parseWhere } from '../../analysis/input/row-filter.ts';
import { storeDesignOptions } from '../../analysis/input/store-design.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { TASK_TYPES, type TaskType } from '../../analysis/metrics/task-type.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
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
  design?: string;
  factors?: string;
  undefinedAsZero?: boolean;
  where: string[];
  equivalenceMargin?: string;
  primary?: string;
  groupBy?: string;
}

const DESIGNS = ['between', 'within', 'factorial'] as const;

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
    .option('--design <type>', `${DESIGNS.join(', ')} (default: from the experiment, or inferred from the CSV)`)
    .option('--factors <names>', 'comma-separated factors (e.g. explanation,framing): columns of the CSV, or level names joined by "+" in the condition')
    .option('--undefined-as-zero', 'count a participant whose denominator is 0 as a ratio of 0 (default: left out and counted)')
    .option('--where <column=value>', 'analyse only the rows where this column has this value (repeatable; all must hold)', collect, [])
    .option('--group-by <column>', 'compare the groups of this column (e.g. an extra "cohort" column) instead of the conditions')
    .option('--equivalence-margin <x>', 'equivalence test (TOST) of every comparison: is the difference within +-x?')
    .option('--primary <metric>', 'the primary outcome (a metric key, e.g. agreement), named in the report')
    .addHelpText(
      'after',
      '\nTask inference for a CSV: numeric when every truth, ai_advice, initial and final value is a number and there\n' +
        'are more than two distinct truth values; otherwise labels compared as strings (binary with two labels, else\n' +
        'categorical). Pass --task to decide it yourself.\n' +
        'Design of a CSV: within-subjects when a participant has trials in several conditions, else between-subjects;\n' +
        '--design between makes such a participant an error; --design factorial (between-subjects) needs --factors.',
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
        where: where.length > 0 ? { specs: flags.where, rowsLeftOut: () => rowsLeftOut } : undefined,
      };
      let result: AnalysisResult;
      let csvPath = flags.input ?? 'trials.csv';
      if (flags.input !== undefined) {
        if (flags.design === 'factorial' && declared.factors === undefined) {
          throw new UserError('--design factorial needs --factors (e.g. --factors explanation,framing).');
        }
        result = await analyze(
          readTrialCsv(flags.input, flags.input, csvOptions),
          flags.responses ? readResponsesCsv(flags.responses, flags.responses) : null,
          { ...common, experiment: basename(flags.input), task, tolerance },
        );
      } else {
        ({ result, csvPath } = await analyzeFromStore(experimentId!, flags, { ...common, task, tolerance }, csvOptions));
      }
      bar.finish();
      const report = render(result, format);
      if (flags.out) await writeFile(flags.out, report);
      else process.stdout.write(report);
      if (flags.rScript) {
        await writeFile(flags.rScript, renderRScript(result, csvPath));
        process.stderr.write(`R script written to ${flags.rScript}\n`);
      }
    });
}

async function analyzeFromStore(
  experimentId: string,
  flags: AnalyzeFlags,
  options: Omit<AnalyzeOptions, 'experiment'>,
  csvOptions: TrialCsvOptions,
): Promise<{ result: AnalysisResult; csvPath: string }> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
