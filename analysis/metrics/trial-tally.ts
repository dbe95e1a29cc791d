import { UserError } from '../../experiments/user-error.ts';
import type { TrialRow } from '../input/trial-row.ts';
import { outcomeCode, sameLabel, sameNumber, OUTCOME_CODES, HAS_H0 } from './trial-outcome.ts';
import { parseDecimal, inferTaskType, type TaskType } from './task-type.ts';
import { weightOfAdvice, clampUnit, WoaTotals } from './weight-of-advice.ts';

/**
 * Everything the analysis keeps of one participant in one condition: a histogram of trial outcome codes (a few
 * hundred bytes). A within-subjects participant has one per condition.
 */
export class ParticipantTally {
  readonly labelOutcomes = new Int32Array(OUTCOME_CODES);
  /** Outcomes under numeric comparison, kept while the task may still be numeric. */
  numericOutcomes: Int32Array | null;
  woaSum = 0;
  woaCount = 0;
  /** Smallest trial index seen: orders a within-subjects participant's conditions (its block order). */
  firstTrial = Number.POSITIVE_INFINITY;

  constructor(
    readonly participantId: string,
    readonly condition: string,
    numeric: boolean,
  ) {
    this.numericOutcomes = numeric ? new Int32Array(OUTCOME_CODES) : null;
  }
}

/** One participant in one condition (a within-subjects participant appears once per condition). */
export interface TalliedParticipant {
  id: string;
  outcomes: Int32Array;
  woaSum: number;
  woaCount: number;
  firstTrial: number;
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
  conditions: { condition: string; participants: TalliedParticipant[]; woa: WoaTotals | null }[];
  /** True when at least one participant has trials in more than one condition. */
  repeated: boolean;
  /** Each condition's factor levels (in `factors` order) when factors were declared; else empty. */
  levels: Map<string, readonly string[]>;
  /** True when at least one analysed trial has an initial decision (two-stage design). */
  twoStage: boolean;
  trials: number;
  exclusions: ExclusionCount[];
  excludedTrials: number;
  /** Participants whose every trial was excluded (they appear in no statistic). */
  participantsFullyExcluded: number;
  /** participant -> condition, for scales (the first condition of a within-subjects participant). */
  conditionOf: Map<string, string>;
}

export interface TallyOptions {
  /** Forced task type; inferred when undefined. */
  task?: TaskType;
  /** correct_within of numeric tasks (0 = exact equality). */
  tolerance?: number;
  /** Declared design: `between` makes a participant seen in two conditions an error; undefined infers it. */
  design?: 'between' | 'within';
  /** Declared factors (`--factors`, or the experiment file's): every condition must give one level of each. */
  factors?: readonly string[];
  /** Each condition's levels when known from the experiment file (explicit condition lists). */
  conditionLevels?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reduces trials one at a time into per-participant (per condition) outcome histograms, so a million trials need a few
 * megabytes. A participant seen in several conditions makes the data within-subjects (an error when the design is
 * declared between-subjects); with declared factors, every condition's levels are checked row by row.
 * When the task type is not given, label and numeric outcomes are both kept until a non-number rules numeric out.
 */
export class TrialTally {
  /** Keyed by participant id, then "\u0000condition" for the participant's second and later conditions. */
  private readonly participants = new Map<string, ParticipantTally>();
  private readonly conditionsOf = new Map<string, string[]>();
  private readonly levels = new Map<string, readonly string[]>();
  private repeated = false;
  private last: ParticipantTally | undefined;
  /** The participant and condition of the rows checkCondition last recorded ('' before any: an id is never empty). */
  private checkedParticipant = '';
  private checkedCondition = '';
  private readonly conditionOrder: string[] = [];
  private readonly woaByCondition = new Map<string, WoaTotals>();
  private readonly exclusionCounts = new Map<string, number>();
  private readonly excludedParticipants = new Set<string>();
  private readonly sameNumber: (x: string, y: string) => boolean;
  private readonly numericTruths = new Set<number>();
  /** Distinct decision labels, up to three: whether there are more than two is what the task type needs. */
  private readonly labels: string[] = [];
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
    const p = this.unit(row);
    if (row.trialIndex < p.firstTrial) p.firstTrial = row.trialIndex;
    this.trials++;
    const code = outcomeCode(row.truth, row.aiAdvice, row.initial, row.final, sameLabel);
    p.labelOutcomes[code]++;
    if (this.labels.length <= 2) {
      this.noteLabel(row.truth);
      this.noteLabel(row.aiAdvice);
      this.noteLabel(row.final);
      if (row.initial !== null) this.noteLabel(row.initial);
    }
    if (this.numericPossible) this.addNumeric(row, p);
  }

  private noteLabel(label: string): void {
    if (this.labels.length <= 2 && !this.labels.includes(label)) this.labels.push(label);
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

  /** The tally of this row's participant in this row's condition (rows of one participant usually come together). */
  private unit(row: TrialRow): ParticipantTally {
    const last = this.last;
    if (last !== undefined && last.participantId === row.participantId && last.condition === row.condition) return last;
    const first = this.participants.get(row.participantId);
    let p = first;
    if (first !== undefined && first.condition !== row.condition) {
      p = this.participants.get(`${row.participantId}\u0000${row.condition}`);
    }
    if (p === undefined) {
      p = new ParticipantTally(row.participantId, row.condition, this.numericPossible);
      this.participants.set(first === undefined ? row.participantId : `${row.participantId}\u0000${row.condition}`, p);
    }
    this.last = p;
    return p;
  }

  /**
   * Records the row's participant in its condition (a second condition makes the data within-subjects) and the order
   * of the conditions; done once per run of rows of one participant in one condition (rows of a participant usually
   * come together), the factor levels checked on every row.
   */
  private checkCondition(row: TrialRow): void {
    if (row.participantId !== this.checkedParticipant || row.condition !== this.checkedCondition) {
      this.recordCondition(row);
      this.checkedParticipant = row.participantId;
      this.checkedCondition = row.condition;
    }
    if (this.options.factors !== undefined && this.options.factors.length > 0) this.checkLevels(row, this.options.factors);
  }

  private recordCondition(row: TrialRow): void {
    const seen = this.conditionsOf.get(row.participantId);
    if (seen === undefined) this.conditionsOf.set(row.participantId, [row.condition]);
    else if (!seen.includes(row.condition)) {
      if (this.options.design === 'between') {
        throw new UserError('Inconsistent trial data for a between-subjects design:', [
          `line ${row.line}, column "condition": participant "${row.participantId}" was in condition "${seen[0]}", here "${row.condition}" (the design is between-subjects: one condition per participant; a participant seen in several conditions is a within-subjects design)`,
        ]);
      }
      seen.push(row.condition);
      this.repeated = true;
    }
    if (!this.conditionOrder.includes(row.condition)) {
      if (this.conditionOrder.length >= 1000) {
        throw new UserError('Too many conditions (more than 1000):', [`line ${row.line}, column "condition"`]);
      }
      this.conditionOrder.push(row.condition);
    }
  }

  /**
   * A condition's factor levels: from the experiment file, else the row's factor columns, else its name split on "+"
   * (the experiment file's naming rule). Every row of a condition must give the same levels.
   */
  private checkLevels(row: TrialRow, factors: readonly string[]): void {
    const known = this.levels.get(row.condition);
    const given = this.options.conditionLevels?.get(row.condition) ?? row.levels ?? null;
    if (given === null && known !== undefined) return;
    const levels = given ?? row.condition.split('+');
    if (levels.length !== factors.length || levels.some((l) => l === '')) {
      throw new UserError('The condition does not name a level of each factor:', [
        `line ${row.line}, column "condition": "${row.condition}" is not ${factors.length} level names joined by "+" (factors ${factors.join(', ')}), and the file has no column named after each factor`,
      ]);
    }
    if (known === undefined) this.levels.set(row.condition, levels);
    else if (known.some((l, i) => l !== levels[i])) {
      const f = known.findIndex((l, i) => l !== levels[i]);
      throw new UserError('Inconsistent factor levels:', [
        `line ${row.line}, column "${factors[f]}": condition "${row.condition}" has level "${levels[f]}" here but "${known[f]}" on earlier rows`,
      ]);
    }
  }

  finish(): TrialTallyResult {
    if (this.trials === 0) {
      throw new UserError('No trial to analyse:', [
        this.excludedTrials > 0 ? `all ${this.excludedTrials} trials are excluded` : 'the input has no data row',
      ]);
    }
    const task =
      this.options.task ?? inferTaskType(this.numericPossible, this.numericTruths.size, this.labels.length);
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
      list.push({
        id: p.participantId,
        outcomes,
        woaSum: numeric ? p.woaSum : 0,
        woaCount: numeric ? p.woaCount : 0,
        firstTrial: p.firstTrial,
      });
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
    for (const p of this.participants.values()) if (!conditionOf.has(p.participantId)) conditionOf.set(p.participantId, p.condition);
    return {
      task,
      tolerance: numeric ? (this.options.tolerance ?? 0) : 0,
      conditions,
      repeated: this.repeated,
      levels: this.levels,
      twoStage,
      trials: this.trials,
      exclusions,
      excludedTrials: this.excludedTrials,
      participantsFullyExcluded: fullyExcluded,
      conditionOf,
    };
  }
}
