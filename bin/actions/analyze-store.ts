import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config as loadDotenv } from 'dotenv';
import { UserError } from '../../experiments/user-error.ts';
import { loadConfig } from '../../server/config.ts';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import type { TrialCsvOptions } from '../../analysis/input/trial-csv.ts';
import { storeDesignOptions } from '../../analysis/input/store-design.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { storeComprehension } from '../../analysis/input/store-comprehension.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { exportFileName } from '../../server/researcher/export/formats.ts';
import type { AnalyzeFlags } from '../commands/analyze.ts';
import { writeOutput } from './write-output.ts';

/** `confiance analyze <experimentId>`: the analysis of an opened experiment read from the store (bin/actions/analyze.ts). */
export async function analyzeFromStore(
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

