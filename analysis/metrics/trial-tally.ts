import { UserError } from '../../experiments/user-error.ts';
import type { TrialRow } from '../input/trial-row.ts';
import { outcomeCode, sameLabel, sameNumber, OUTCOME_CODES, HAS_H0 } from './trial-outcome.ts';
import { parseDecimal, inferTaskType, type TaskType } from './task-type.ts';
import { weightOfAdvice, clampUnit, WoaTotals } from './weight-of-advice.ts';

/** Everything the analysis keeps of one participant: a histogram of trial outcome codes (a few hundred bytes). */
export class ParticipantTally {
  readonly labelOutcomes = new Int32Array(OUTCOME_CODES);
  /** Outcomes under numeric comparison, kept while the task may still be numeric. */
  numericOutcomes: Int32Array | null;
  woaSum = 0;
  woaCount = 0;

  constructor(
    readonly participantId: string,
    readonly condition: string,
    numeric: boolean,
  ) {
    this.numericOutcomes = numeric ? new Int32Array(OUTCOME_CODES) : null;
  }
}

export interface ExclusionCount {
  condition: string;
  reason: string;
  trials: number;
}

/** The streamed trials, reduced: per condition its participants' tallies, and what was excluded. */
export interface TrialTallyResult {
  task: TaskType;
  tolerance: number;
  /** Conditions in order of first appearance. */
  conditions: { condition: string; participants: { id: string; outcomes: Int32Array; woaSum: number; woaCount: number }[]; woa: WoaTotals | null }[];
  /** True when at least one analysed trial has an initial decision (two-stage design). */
  twoStage: boolean;
  trials: number;
  exclusions: ExclusionCount[];
  excludedTrials: number;
  /** Participants whose every trial was excluded (they appear in no statistic). */
  participantsFullyExcluded: number;
  /** participant -> condition, for scales. */
  conditionOf: Map<string, string>;
}

export interface TallyOptions {
  /** Forced task type; inferred when undefined. */
  task?: TaskType;
  /** correct_within of numeric tasks (0 = exact equality). */
  tolerance?: number;
}

/**
 * Reduces trials one at a time into per-participant outcome histograms, so a million trials need a few megabytes.
 * When the task type is not given, label and numeric outcomes are both kept until a non-number rules numeric out.
 */
export class TrialTally {
  private readonly participants = new Map<string, ParticipantTally>();
  private readonly conditionOrder: string[] = [];
  private readonly woaByCondition = new Map<string, WoaTotals>();
  private readonly exclusionCounts = new Map<string, number>();
  private readonly excludedParticipants = new Set<string>();
  private readonly sameNumber: (x: string, y: string) => boolean;
  private readonly truths = new Set<string>();
  private readonly numericTruths = new Set<number>();
  private readonly labels = new Set<string>();
  private numericPossible: boolean;
  private trials = 0;
  private excludedTrials = 0;

  constructor(private readonly options: TallyOptions = {}) {
    this.numericPossible = options.task === undefined || options.task === 'numeric';
    this.sameNumber = sameNumber(options.tolerance ?? 0);
  }

  add(row: TrialRow): void {
    this.checkCondition(row);
    if (row.exclusion !== null) {
      const key = `${row.condition}\u0000${row.exclusion}`;
      this.exclusionCounts.set(key, (this.exclusionCounts.get(key) ?? 0) + 1);
      this.excludedParticipants.add(row.participantId);
      this.excludedTrials++;
      return;
    }
    let p = this.participants.get(row.participantId);
    if (p === undefined) {
      p = new ParticipantTally(row.participantId, row.condition, this.numericPossible);
      this.participants.set(row.participantId, p);
    }
    this.trials++;
    const code = outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, sameLabel);
    p.labelOutcomes[code]++;
    if (this.truths.size <= 2) this.truths.add(row.truth);
    if (this.labels.size <= 2) {
      this.labels.add(row.truth).add(row.aiAdvice).add(row.final);
      if (row.initial !== null) this.labels.add(row.initial);
    }
    if (this.numericPossible) this.addNumeric(row, p);
  }

  private addNumeric(row: TrialRow, p: ParticipantTally): void {
    const truth = parseDecimal(row.truth);
    const advice = parseDecimal(row.aiAdvice);
    const final = parseDecimal(row.final);
    const initial = row.initial === null ? null : parseDecimal(row.initial);
    if (truth === null || advice === null || final === null || (row.initial !== null && initial === null)) {
      if (this.options.task === 'numeric') {
        const column = truth === null ? 'truth' : advice === null ? 'ai_advice' : final === null ? 'final' : 'initial';
        throw new UserError('Malformed trial data for a numeric task (--task numeric):', [
          `line ${row.line}, column "${column}": expected a number`,
        ]);
      }
      this.numericPossible = false;
      for (const q of this.participants.values()) q.numericOutcomes = null;
      this.woaByCondition.clear();
      return;
    }
    if (this.numericTruths.size <= 2) this.numericTruths.add(truth);
    p.numericOutcomes![outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, this.sameNumber)]++;
    let totals = this.woaByCondition.get(row.condition);
    if (totals === undefined) {
      totals = new WoaTotals();
      this.woaByCondition.set(row.condition, totals);
    }
    if (initial === null) return;
    const raw = this.sameNumber(row.aiAdvice, row.initial!) ? null : weightOfAdvice(initial, advice, final);
    totals.add(raw);
    if (raw !== null) {
      p.woaSum += clampUnit(raw);
      p.woaCount++;
    }
  }

  private checkCondition(row: TrialRow): void {
    const known = this.participants.get(row.participantId);
    if (known !== undefined && known.condition !== row.condition) {
      throw new UserError('Inconsistent trial data:', [
        `line ${row.line}, column "condition": participant "${row.participantId}" was in condition "${known.condition}", here "${row.condition}"`,
      ]);
    }
    if (!this.conditionOrder.includes(row.condition)) {
      if (this.conditionOrder.length >= 1000) {
        throw new UserError('Too many conditions (more than 1000):', [`line ${row.line}, column "condition"`]);
      }
      this.conditionOrder.push(row.condition);
    }
  }

  finish(): TrialTallyResult {
    if (this.trials === 0) {
      throw new UserError('No trial to analyse:', [
        this.excludedTrials > 0 ? `all ${this.excludedTrials} trials are excluded` : 'the input has no data row',
      ]);
    }
    const task =
      this.options.task ?? inferTaskType(this.numericPossible, this.numericTruths.size, this.labels.size);
    const numeric = task === 'numeric';
    const byCondition = new Map<string, TrialTallyResult['conditions'][number]['participants']>();
    let twoStage = false;
    for (const p of this.participants.values()) {
      const outcomes = numeric ? p.numericOutcomes! : p.labelOutcomes;
      for (let code = 0; code < outcomes.length && !twoStage; code++) {
        if (outcomes[code] > 0 && (code & HAS_H0) !== 0) twoStage = true;
      }
      let list = byCondition.get(p.condition);
      if (list === undefined) byCondition.set(p.condition, (list = []));
      list.push({ id: p.participantId, outcomes, woaSum: numeric ? p.woaSum : 0, woaCount: numeric ? p.woaCount : 0 });
    }
    const conditions = this.conditionOrder
      .filter((c) => byCondition.has(c))
      .map((condition) => ({
        condition,
        participants: byCondition.get(condition)!,
        woa: numeric && twoStage ? (this.woaByCondition.get(condition) ?? new WoaTotals()) : null,
      }));
    const exclusions = [...this.exclusionCounts].map(([key, trials]) => {
      const [condition, reason] = key.split('\u0000');
      return { condition, reason, trials };
    });
    let fullyExcluded = 0;
    for (const id of this.excludedParticipants) if (!this.participants.has(id)) fullyExcluded++;
    const conditionOf = new Map<string, string>();
    for (const p of this.participants.values()) conditionOf.set(p.participantId, p.condition);
    return {
      task,
      tolerance: numeric ? (this.options.tolerance ?? 0) : 0,
      conditions,
      twoStage,
      trials: this.trials,
      exclusions,
      excludedTrials: this.excludedTrials,
      participantsFullyExcluded: fullyExcluded,
      conditionOf,
    };
  }
}
