import { NONE, type TrialBatch } from '../input/trial-batch.ts';
import type { TaskType } from '../metrics/task-type.ts';
import { labelOutcomeCode, numericOutcomeCode, withinTolerance, type Same } from '../metrics/trial-outcome.ts';
import { GrowableColumn } from './growable.ts';

/**
 * The analysed trials as columns (one typed array per field, ids as indices), what the descriptive views read:
 * about 40 bytes per trial, so a million trials take some 40 MB. `code` is the trial's outcome code
 * (metrics/trial-outcome.ts) under the task's comparison; a missing confidence or response time is NaN.
 */
export interface TrialColumns {
  length: number;
  conditions: string[];
  participants: string[];
  cases: string[];
  condition: Int32Array;
  participant: Int32Array;
  caseIndex: Int32Array;
  trialIndex: Float64Array;
  code: Uint8Array;
  confidence: Float64Array;
  initialRt: Float64Array;
  finalRt: Float64Array;
}

/**
 * Collects the analysed trials (excluded ones are skipped). The outcome code is computed under label comparison and,
 * while every decision is a number, under numeric comparison too; `finish(task)` keeps the one the task needs.
 */
export class TrialColumnsBuilder {
  /** Conditions, participants and cases of the analysed trials, in order of first appearance. */
  private readonly conditions: string[] = [];
  private readonly participants: string[] = [];
  private readonly cases: string[] = [];
  /** TrialIds id -> index in the lists above + 1 (0: not seen yet). */
  private conditionIndex: Int32Array = new Int32Array(64);
  private participantIndex: Int32Array = new Int32Array(1024);
  private caseIndexOf: Int32Array = new Int32Array(1024);
  private readonly condition = new GrowableColumn((n) => new Int32Array(n));
  private readonly participant = new GrowableColumn((n) => new Int32Array(n));
  private readonly caseIndex = new GrowableColumn((n) => new Int32Array(n));
  private readonly trialIndex = new GrowableColumn((n) => new Float64Array(n));
  private readonly labelCode = new GrowableColumn((n) => new Uint8Array(n));
  private numericCode: GrowableColumn<Uint8Array> | null;
  private readonly confidence = new GrowableColumn((n) => new Float64Array(n));
  private readonly initialRt = new GrowableColumn((n) => new Float64Array(n));
  private readonly finalRt = new GrowableColumn((n) => new Float64Array(n));
  private readonly withinTolerance: Same<number>;

  constructor(options: { task?: TaskType; tolerance?: number } = {}) {
    this.numericCode = options.task === undefined || options.task === 'numeric' ? new GrowableColumn((n) => new Uint8Array(n)) : null;
    this.withinTolerance = withinTolerance(options.tolerance ?? 0);
  }

  /** Adds the analysed trials of a batch (every batch of one builder shares its TrialIds). */
  addBatch(batch: TrialBatch): void {
    const { ids } = batch;
    const n = batch.length;
    this.conditionIndex = ensure(this.conditionIndex, ids.conditions.size);
    this.participantIndex = ensure(this.participantIndex, ids.participants.size);
    this.caseIndexOf = ensure(this.caseIndexOf, ids.cases.size);
    const conditionIndex = this.conditionIndex;
    const participantIndex = this.participantIndex;
    const caseIndexOf = this.caseIndexOf;
    // The columns written in place: room for the whole batch, then `length` moved by the trials kept.
    const at = this.condition.length;
    const condition = this.condition.reserve(n);
    const participant = this.participant.reserve(n);
    const caseIndex = this.caseIndex.reserve(n);
    const trialIndex = this.trialIndex.reserve(n);
    const labelCode = this.labelCode.reserve(n);
    const confidence = this.confidence.reserve(n);
    const initialRt = this.initialRt.reserve(n);
    const finalRt = this.finalRt.reserve(n);
    let j = at;
    for (let i = 0; i < n; i++) {
      if (batch.exclusion[i] !== NONE) continue;
      condition[j] = indexOf(conditionIndex, batch.condition[i], this.conditions, ids.conditions.strings);
      participant[j] = indexOf(participantIndex, batch.participant[i], this.participants, ids.participants.strings);
      caseIndex[j] = indexOf(caseIndexOf, batch.caseId[i], this.cases, ids.cases.strings);
      trialIndex[j] = batch.trialIndex[i];
      const truth = batch.truth[i];
      const advice = batch.aiAdvice[i];
      const initial = batch.initial[i];
      const final = batch.final[i];
      labelCode[j] = labelOutcomeCode(truth, advice, initial, final);
      if (this.numericCode !== null) {
        const t = ids.labelNumber(truth);
        const a = ids.labelNumber(advice);
        const f = ids.labelNumber(final);
        const h0 = initial === NONE ? null : ids.labelNumber(initial);
        if (Number.isNaN(t) || Number.isNaN(a) || Number.isNaN(f) || (h0 !== null && Number.isNaN(h0))) this.numericCode = null;
        else this.numericCode.push(numericOutcomeCode(t, a, h0, f, this.withinTolerance));
      }
      confidence[j] = batch.aiConfidence[i];
      initialRt[j] = batch.initialRt[i];
      finalRt[j] = batch.finalRt[i];
      j++;
    }
    for (const column of [this.condition, this.participant, this.caseIndex, this.trialIndex, this.labelCode, this.confidence, this.initialRt, this.finalRt]) {
      column.length = j;
    }
  }

  /** The columns, with the outcome codes of the task the analysis settled on. */
  finish(task: TaskType): TrialColumns {
    const code = task === 'numeric' && this.numericCode !== null ? this.numericCode.values() : this.labelCode.values();
    return {
      length: this.condition.length,
      conditions: [...this.conditions],
      participants: [...this.participants],
      cases: [...this.cases],
      condition: this.condition.values(),
      participant: this.participant.values(),
      caseIndex: this.caseIndex.values(),
      trialIndex: this.trialIndex.values(),
      code,
      confidence: this.confidence.values(),
      initialRt: this.initialRt.values(),
      finalRt: this.finalRt.values(),
    };
  }
}

/** `index` grown to hold `size` ids (new entries 0: not seen). */
function ensure(index: Int32Array, size: number): Int32Array {
  if (size <= index.length) return index;
  const bigger = new Int32Array(Math.max(size, index.length * 2));
  bigger.set(index);
  return bigger;
}

/** The list index of a TrialIds id, appending its string to `list` at its first appearance. */
function indexOf(index: Int32Array, id: number, list: string[], strings: readonly string[]): number {
  const known = index[id];
  if (known !== 0) return known - 1;
  list.push(strings[id]);
  index[id] = list.length;
  return list.length - 1;
}
