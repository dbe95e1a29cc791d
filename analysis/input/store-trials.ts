import { Readable } from 'node:stream';
import type { ExperimentDoc, Store } from '../../server/store/index.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { responsesCsvLines } from '../../server/store/tidy/responses-csv.ts';
import { studyRules } from '../../server/store/tidy/study-rules.ts';
import { resolveScale, type ScaleDefinition } from '../../experiments/scales/index.ts';
import type { BundledScaleId } from '../../experiments/scales/index.ts';
import type { CustomScale } from '../../experiments/schema.ts';
import { isQuestionPage } from '../../experiments/questions/schema.ts';
import type { TaskType } from '../metrics/task-type.ts';
import { readTrialBatches, type TrialCsvOptions } from './trial-csv.ts';
import type { TrialBatch } from './trial-batch.ts';
import { snapshotFile } from './store-design.ts';
import { readResponsesCsv, type ResponseRow } from './responses-csv.ts';
import { BUNDLED_SCALE_DEFINITIONS } from '../scales/scale-answers.ts';

/**
 * The trials of an opened experiment read from the store through the export's own row builder (initial and final
 * phases paired, practice left out, exclusions by the study's min_rt_ms and attention-check rules), so that
 * `analyze <experimentId>` and `analyze --input <its export>` give the same numbers. Streamed, one participant at a time.
 */
export function storeTrials(store: Store, doc: ExperimentDoc, options: TrialCsvOptions = {}): AsyncGenerator<TrialBatch> {
  return readTrialBatches(Readable.from(trialCsvLines(store, doc)), `store:${doc.id}`, options);
}

export function storeResponses(store: Store, doc: ExperimentDoc): AsyncGenerator<ResponseRow> {
  return readResponsesCsv(Readable.from(responsesCsvLines(store, doc)), `store:${doc.id}:responses`);
}

/** The task type and tolerance the experiment file declares. */
export function storeTask(doc: ExperimentDoc): { task: TaskType; tolerance: number } {
  const rules = studyRules(doc);
  return { task: rules.taskType, tolerance: rules.correctWithin };
}

/** The bundled scales and the custom scales the experiment file declares (for reversed items). */
export function storeScales(doc: ExperimentDoc): Map<string, ScaleDefinition> {
  const scales = new Map(BUNDLED_SCALE_DEFINITIONS);
  const file = snapshotFile(doc) as {
    questionnaires?: { before?: unknown[]; after?: unknown[] };
  } | null;
  const refs = [...(file?.questionnaires?.before ?? []), ...(file?.questionnaires?.after ?? [])];
  for (const ref of refs) {
    if (typeof ref === 'string' && !BUNDLED_SCALE_DEFINITIONS.has(ref)) continue;
    if (isQuestionPage(ref)) continue;
    const definition = resolveScale(ref as BundledScaleId | CustomScale);
    scales.set(definition.id, definition);
  }
  return scales;
}
