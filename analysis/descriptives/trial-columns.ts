import type { TrialRow } from '../input/trial-row.ts';
import type { TaskType } from '../metrics/task-type.ts';
import { parseDecimal } from '../metrics/task-type.ts';
import { outcomeCode, sameLabel, sameNumber, type Same } from '../metrics/trial-outcome.ts';
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
  private readonly ids = { condition: new Map<string, number>(), participant: new Map<string, number>(), case: new Map<string, number>() };
  private readonly condition = new GrowableColumn((n) => new Int32Array(n));
  private readonly participant = new GrowableColumn((n) => new Int32Array(n));
  private readonly caseIndex = new GrowableColumn((n) => new Int32Array(n));
  private readonly trialIndex = new GrowableColumn((n) => new Float64Array(n));
  private readonly labelCode = new GrowableColumn((n) => new Uint8Array(n));
  private numericCode: GrowableColumn<Uint8Array> | null;
  private readonly confidence = new GrowableColumn((n) => new Float64Array(n));
  private readonly initialRt = new GrowableColumn((n) => new Float64Array(n));
  private readonly finalRt = new GrowableColumn((n) => new Float64Array(n));
  private readonly sameNumber: Same;
  /** The ids of the previous row and their indices: rows of one participant (and condition) usually come together. */
  private lastCondition: string | null = null;
  private lastConditionIndex = 0;
  private lastParticipant: string | null = null;
  private lastParticipantIndex = 0;

  constructor(options: { task?: TaskType; tolerance?: number } = {}) {
    this.numericCode = options.task === undefined || options.task === 'numeric' ? new GrowableColumn((n) => new Uint8Array(n)) : null;
    this.sameNumber = sameNumber(options.tolerance ?? 0);
  }

  add(row: TrialRow): void {
    if (row.exclusion !== null) return;
    if (row.condition !== this.lastCondition) {
      this.lastCondition = row.condition;
      this.lastConditionIndex = indexOf(this.ids.condition, row.condition);
    }
    if (row.participantId !== this.lastParticipant) {
      this.lastParticipant = row.participantId;
      this.lastParticipantIndex = indexOf(this.ids.participant, row.participantId);
    }
    this.condition.push(this.lastConditionIndex);
    this.participant.push(this.lastParticipantIndex);
    this.caseIndex.push(indexOf(this.ids.case, row.caseId));
    this.trialIndex.push(row.trialIndex);
    this.labelCode.push(outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, sameLabel));
    if (this.numericCode !== null) {
      const numbers =
        parseDecimal(row.truth) !== null &&
        parseDecimal(row.aiAdvice) !== null &&
        parseDecimal(row.final) !== null &&
        (row.initial === null || parseDecimal(row.initial) !== null);
      if (numbers) {
        this.numericCode.push(outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, this.sameNumber));
      } else {
        this.numericCode = null;
      }
    }
    this.confidence.push(row.aiConfidence ?? NaN);
    this.initialRt.push(row.initialRtMs ?? NaN);
    this.finalRt.push(row.finalRtMs ?? NaN);
  }

  /** The columns, with the outcome codes of the task the analysis settled on. */
  finish(task: TaskType): TrialColumns {
    const code = task === 'numeric' && this.numericCode !== null ? this.numericCode.values() : this.labelCode.values();
    return {
      length: this.condition.length,
      conditions: [...this.ids.condition.keys()],
      participants: [...this.ids.participant.keys()],
      cases: [...this.ids.case.keys()],
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

function indexOf(ids: Map<string, number>, id: string): number {
  let index = ids.get(id);
  if (index === undefined) {
    index = ids.size;
    ids.set(id, index);
  }
  return index;
}
