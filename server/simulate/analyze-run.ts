/**
 * `confiance simulate --analyze`: the analysis of the simulated data, read from the run's store exactly as
 * `confiance analyze <experimentId>` reads it (the export's rows, exclusions included).
 */
import { analyze } from '../../analysis/analyze.ts';
import { storeResponses, storeScales, storeTask, storeTrials } from '../../analysis/input/store-trials.ts';
import { storeDesignOptions } from '../../analysis/input/store-design.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import type { Store } from '../store/index.ts';

export async function analyzeStoredRun(
  store: Store,
  experimentId: string,
  options: { resamples?: number; seed?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<AnalysisResult> {
  const doc = await store.getExperiment(experimentId);
  if (!doc) throw new Error(`experiment ${experimentId} is not in the store`);
  const declared = storeTask(doc);
  return analyze(storeTrials(store, doc), storeResponses(store, doc), {
    ...storeDesignOptions(doc),
    experiment: experimentId,
    task: declared.task,
    tolerance: declared.tolerance,
    scales: storeScales(doc),
    resamples: options.resamples ?? 2000,
    seed: options.seed ?? 1,
    onProgress: options.onProgress,
  });
}
