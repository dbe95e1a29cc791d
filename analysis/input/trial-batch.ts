import { StringIds } from './string-ids.ts';
import type { TrialRow } from './trial-row.ts';

/**
 * The ids of the texts of one analysis's trials, shared by all its batches: participants, conditions, cases, decision
 * labels (truth, advice, initial and final share one numbering, so that two decisions are the same label exactly when
 * their ids are equal) and exclusion reasons.
 */
export class TrialIds {
  readonly participants = new StringIds();
  readonly conditions = new StringIds();
  readonly cases = new StringIds();
  readonly labels = new StringIds();
  readonly reasons = new StringIds();
  /** Each label as a number (NaN when it is not one, as parseDecimal), computed once per label. */
  private numbers = new Float64Array(64);
  private numbered = 0;

  /** The label's value as a finite number, NaN when it does not parse as one (task-type.ts parseDecimal). */
  labelNumber(label: number): number {
    if (label >= this.numbered) this.numberLabels();
    return this.numbers[label];
  }

  private numberLabels(): void {
    const strings = this.labels.strings;
    if (strings.length > this.numbers.length) {
      const numbers = new Float64Array(Math.max(strings.length, this.numbers.length * 2));
      numbers.set(this.numbers.subarray(0, this.numbered));
      this.numbers = numbers;
    }
    for (let id = this.numbered; id < strings.length; id++) {
      const n = strings[id] === '' ? NaN : Number(strings[id]);
      this.numbers[id] = Number.isFinite(n) ? n : NaN;
    }
    this.numbered = strings.length;
  }
}

/** No value (an absent initial decision or exclusion reason). */
export const NONE = -1;

/**
 * Trials as columns, in the order they were read: what the analysis reduces (no object per trial). Texts are ids of
 * `ids`; a missing confidence or response time is NaN. `rows` holds the rows themselves when the batch was made from
 * TrialRow objects (store, filtered or manipulation-column CSV), for the readers of the optional cells; null when the
 * CSV was read straight into columns (no such cells there).
 */
export interface TrialBatch {
  readonly length: number;
  readonly ids: TrialIds;
  readonly participant: Int32Array;
  readonly condition: Int32Array;
  readonly caseId: Int32Array;
  readonly truth: Int32Array;
  readonly aiAdvice: Int32Array;
  /** NONE in one-stage trials. */
  readonly initial: Int32Array;
  readonly final: Int32Array;
  /** NONE when the trial is analysed. */
  readonly exclusion: Int32Array;
  readonly trialIndex: Float64Array;
  readonly aiConfidence: Float64Array;
  readonly initialRt: Float64Array;
  readonly finalRt: Float64Array;
  readonly line: Int32Array;
  readonly rows: readonly TrialRow[] | null;
}

/** Fills the columns of a batch trial by trial (by the direct CSV reader, or from rows), growing them by doubling. */
export class TrialBatchBuilder {
  length = 0;
  participant = new Int32Array(0);
  condition = new Int32Array(0);
  caseId = new Int32Array(0);
  truth = new Int32Array(0);
  aiAdvice = new Int32Array(0);
  initial = new Int32Array(0);
  final = new Int32Array(0);
  exclusion = new Int32Array(0);
  trialIndex = new Float64Array(0);
  aiConfidence = new Float64Array(0);
  initialRt = new Float64Array(0);
  finalRt = new Float64Array(0);
  line = new Int32Array(0);

  constructor(readonly ids: TrialIds, capacity = 1024) {
    this.grow(capacity);
  }

  /** Room for one more trial at index `length` (the caller writes every column there, then increments `length`). */
  reserve(): void {
    if (this.length === this.line.length) this.grow(this.line.length * 2);
  }

  /** Appends a row, its texts turned into ids. */
  addRow(row: TrialRow): void {
    this.reserve();
    const i = this.length++;
    const { ids } = this;
    this.participant[i] = ids.participants.idOf(row.participantId);
    this.condition[i] = ids.conditions.idOf(row.condition);
    this.caseId[i] = ids.cases.idOf(row.caseId);
    this.truth[i] = ids.labels.idOf(row.truth);
    this.aiAdvice[i] = ids.labels.idOf(row.aiAdvice);
    this.initial[i] = row.initial === null ? NONE : ids.labels.idOf(row.initial);
    this.final[i] = ids.labels.idOf(row.final);
    this.exclusion[i] = row.exclusion === null ? NONE : ids.reasons.idOf(row.exclusion);
    this.trialIndex[i] = row.trialIndex;
    this.aiConfidence[i] = row.aiConfidence ?? NaN;
    this.initialRt[i] = row.initialRtMs ?? NaN;
    this.finalRt[i] = row.finalRtMs ?? NaN;
    this.line[i] = row.line;
  }

  /** Appends trial `i` of `batch` (same ids). */
  addFrom(batch: Omit<TrialBatch, 'rows'>, i: number): void {
    this.reserve();
    const j = this.length++;
    this.participant[j] = batch.participant[i];
    this.condition[j] = batch.condition[i];
    this.caseId[j] = batch.caseId[i];
    this.truth[j] = batch.truth[i];
    this.aiAdvice[j] = batch.aiAdvice[i];
    this.initial[j] = batch.initial[i];
    this.final[j] = batch.final[i];
    this.exclusion[j] = batch.exclusion[i];
    this.trialIndex[j] = batch.trialIndex[i];
    this.aiConfidence[j] = batch.aiConfidence[i];
    this.initialRt[j] = batch.initialRt[i];
    this.finalRt[j] = batch.finalRt[i];
    this.line[j] = batch.line[i];
  }

  /**
   * The trials added so far as a batch (views of the columns), and an empty builder for the next ones. `reuse`: the
   * next trials are written into the same columns, so the batch is valid only until then (no new arrays per batch).
   */
  take(rows: readonly TrialRow[] | null = null, reuse = false): TrialBatch {
    const n = this.length;
    const batch: TrialBatch = {
      length: n,
      ids: this.ids,
      participant: this.participant.subarray(0, n),
      condition: this.condition.subarray(0, n),
      caseId: this.caseId.subarray(0, n),
      truth: this.truth.subarray(0, n),
      aiAdvice: this.aiAdvice.subarray(0, n),
      initial: this.initial.subarray(0, n),
      final: this.final.subarray(0, n),
      exclusion: this.exclusion.subarray(0, n),
      trialIndex: this.trialIndex.subarray(0, n),
      aiConfidence: this.aiConfidence.subarray(0, n),
      initialRt: this.initialRt.subarray(0, n),
      finalRt: this.finalRt.subarray(0, n),
      line: this.line.subarray(0, n),
      rows,
    };
    this.length = 0;
    if (!reuse) this.grow(Math.max(1024, n));
    return batch;
  }

  private grow(capacity: number): void {
    const n = this.length;
    const int = (old: Int32Array) => {
      const column = new Int32Array(capacity);
      column.set(old.subarray(0, n));
      return column;
    };
    const float = (old: Float64Array) => {
      const column = new Float64Array(capacity);
      column.set(old.subarray(0, n));
      return column;
    };
    this.participant = int(this.participant);
    this.condition = int(this.condition);
    this.caseId = int(this.caseId);
    this.truth = int(this.truth);
    this.aiAdvice = int(this.aiAdvice);
    this.initial = int(this.initial);
    this.final = int(this.final);
    this.exclusion = int(this.exclusion);
    this.trialIndex = float(this.trialIndex);
    this.aiConfidence = float(this.aiConfidence);
    this.initialRt = float(this.initialRt);
    this.finalRt = float(this.finalRt);
    this.line = int(this.line);
  }
}

/** Rows as one batch (keeping the rows, for the readers of their optional cells). */
export function trialBatchOf(rows: readonly TrialRow[], ids = new TrialIds()): TrialBatch {
  const builder = new TrialBatchBuilder(ids, Math.max(1, rows.length));
  for (const row of rows) builder.addRow(row);
  return builder.take(rows);
}

/** The rows of a batch (its own when it has them): what readTrialCsv yields, and what a test compares. */
export function rowsOfBatch(batch: TrialBatch): TrialRow[] {
  if (batch.rows !== null) return [...batch.rows];
  const { ids } = batch;
  const nullable = (x: number) => (Number.isNaN(x) ? null : x);
  const rows: TrialRow[] = [];
  for (let i = 0; i < batch.length; i++) {
    rows.push({
      participantId: ids.participants.strings[batch.participant[i]],
      condition: ids.conditions.strings[batch.condition[i]],
      trialIndex: batch.trialIndex[i],
      caseId: ids.cases.strings[batch.caseId[i]],
      truth: ids.labels.strings[batch.truth[i]],
      aiAdvice: ids.labels.strings[batch.aiAdvice[i]],
      aiConfidence: nullable(batch.aiConfidence[i]),
      initial: batch.initial[i] === NONE ? null : ids.labels.strings[batch.initial[i]],
      final: ids.labels.strings[batch.final[i]],
      initialRtMs: nullable(batch.initialRt[i]),
      finalRtMs: nullable(batch.finalRt[i]),
      exclusion: batch.exclusion[i] === NONE ? null : ids.reasons.strings[batch.exclusion[i]],
      line: batch.line[i],
    });
  }
  return rows;
}

/** Whether an item of the analysis's input is a batch of columns (else a row or an array of rows). */
export const isTrialBatch = (item: TrialRow | readonly TrialRow[] | TrialBatch): item is TrialBatch => 'ids' in item && !Array.isArray(item);

/**
 * The analysis's input as batches sharing one TrialIds: batches of columns pass as they are (those of the first
 * batch's ids), rows are turned into batches.
 */
export async function* trialBatches(
  input: AsyncIterable<TrialRow | readonly TrialRow[] | TrialBatch> | Iterable<TrialRow | readonly TrialRow[] | TrialBatch>,
): AsyncGenerator<TrialBatch> {
  let ids: TrialIds | undefined;
  for await (const item of input) {
    if (isTrialBatch(item)) {
      ids ??= item.ids;
      yield item.ids === ids ? item : trialBatchOf(rowsOfBatch(item), ids);
    } else {
      yield trialBatchOf(Array.isArray(item) ? item : [item as TrialRow], (ids ??= new TrialIds()));
    }
  }
}
