import type { TrialRow } from '../input/trial-row.ts';
import { parseDecimal } from '../metrics/task-type.ts';
import { outcomeCode, sameLabel, sameNumber, type Same } from '../metrics/trial-outcome.ts';

/**
 * The analysed trials kept one by one for the mixed models (the other statistics keep per-participant counters
 * only): per trial its participant, case and condition as integer codes, its outcome code (trial-outcome.ts) under
 * label and under numeric comparison (the task type is known only at the end), its trial index and the AI's
 * displayed confidence. About 20 bytes a trial: 1,000,000 trials take 20 MB.
 */
export class TrialColumns {
  readonly participants = new Map<string, number>();
  readonly cases = new Map<string, number>();
  readonly conditions = new Map<string, number>();
  length = 0;
  private participant = new Int32Array(1024);
  private caseOf = new Int32Array(1024);
  private condition = new Int32Array(1024);
  private labelCode = new Uint8Array(1024);
  /** 255 when the decisions are not all numbers. */
  private numericCode = new Uint8Array(1024);
  private trialIndex = new Float64Array(1024);
  private confidence = new Float64Array(1024);
  private readonly sameNumber: Same;

  constructor(tolerance: number) {
    this.sameNumber = sameNumber(tolerance);
  }

  /** Adds one analysed (not excluded) trial. */
  add(row: TrialRow): void {
    if (this.length === this.participant.length) this.grow();
    const i = this.length++;
    this.participant[i] = intern(this.participants, row.participantId);
    this.caseOf[i] = intern(this.cases, row.caseId);
    this.condition[i] = intern(this.conditions, row.condition);
    this.labelCode[i] = outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, sameLabel);
    const numeric = [row.truth, row.aiAdvice, row.final, ...(row.initial === null ? [] : [row.initial])].every((d) => parseDecimal(d) !== null);
    this.numericCode[i] = numeric ? outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, this.sameNumber) : 255;
    this.trialIndex[i] = row.trialIndex;
    this.confidence[i] = row.aiConfidence ?? NaN;
  }

  /** The columns, trimmed to the trials added; codes by the task type's comparison. */
  view(numeric: boolean): TrialColumnsView {
    const n = this.length;
    return {
      n,
      participant: this.participant.subarray(0, n),
      case: this.caseOf.subarray(0, n),
      condition: this.condition.subarray(0, n),
      code: (numeric ? this.numericCode : this.labelCode).subarray(0, n),
      trialIndex: this.trialIndex.subarray(0, n),
      confidence: this.confidence.subarray(0, n),
      conditionNames: [...this.conditions.keys()],
    };
  }

  private grow(): void {
    const size = this.participant.length * 2;
    const extend = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.participant = extend(this.participant, (k) => new Int32Array(k));
    this.caseOf = extend(this.caseOf, (k) => new Int32Array(k));
    this.condition = extend(this.condition, (k) => new Int32Array(k));
    this.labelCode = extend(this.labelCode, (k) => new Uint8Array(k));
    this.numericCode = extend(this.numericCode, (k) => new Uint8Array(k));
    this.trialIndex = extend(this.trialIndex, (k) => new Float64Array(k));
    this.confidence = extend(this.confidence, (k) => new Float64Array(k));
  }
}

export interface TrialColumnsView {
  n: number;
  participant: Int32Array;
  case: Int32Array;
  condition: Int32Array;
  code: Uint8Array;
  trialIndex: Float64Array;
  confidence: Float64Array;
  /** Condition names by code. */
  conditionNames: string[];
}

function intern(map: Map<string, number>, key: string): number {
  let code = map.get(key);
  if (code === undefined) {
    code = map.size;
    map.set(key, code);
  }
  return code;
}
