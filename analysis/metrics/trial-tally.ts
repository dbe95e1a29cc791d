import { UserError } from '../../experiments/user-error.ts';
import { NONE, type TrialBatch, type TrialIds } from '../input/trial-batch.ts';
import { labelOutcomeCode, numericOutcomeCode, withinTolerance, OUTCOME_CODES, HAS_H0 } from './trial-outcome.ts';
import { inferTaskType, type TaskType } from './task-type.ts';
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
  /** Every participant's tally per condition, in order of creation (the order of the result). */
  private readonly tallies: ParticipantTally[] = [];
  /** participant id -> its first condition's tally; then by "participant\u0000condition" ids for the others. */
  private readonly firstTally: (ParticipantTally | undefined)[] = [];
  private readonly otherTallies = new Map<string, ParticipantTally>();
  /** participant id -> the condition ids it was seen in. */
  private readonly conditionsOf: (number[] | undefined)[] = [];
  private readonly levels = new Map<string, readonly string[]>();
  private repeated = false;
  private last: ParticipantTally | undefined;
  private lastParticipant = NONE;
  private lastCondition = NONE;
  /** The participant and condition of the rows checkCondition last recorded. */
  private checkedParticipant = NONE;
  private checkedCondition = NONE;
  private readonly conditionOrder: string[] = [];
  private readonly woaByCondition = new Map<string, WoaTotals>();
  private readonly exclusionCounts = new Map<string, number>();
  /** participant id -> 1 when one of its trials is excluded. */
  private excludedParticipants = new Uint8Array(1024);
  private readonly withinTolerance: (x: number, y: number) => boolean;
  private readonly numericTruths = new Set<number>();
  /** Distinct decision labels (ids), up to three: whether there are more than two is what the task type needs. */
  private readonly labels: number[] = [];
  /** label id -> 1 once noted. */
  private labelNoted = new Uint8Array(64);
  private numericPossible: boolean;
  private trials = 0;
  private excludedTrials = 0;
  private ids: TrialIds | undefined;

  constructor(private readonly options: TallyOptions = {}) {
    this.numericPossible = options.task === undefined || options.task === 'numeric';
    this.withinTolerance = withinTolerance(options.tolerance ?? 0);
  }

  /** Adds the trials of a batch (every batch of one tally shares its TrialIds). */
  addBatch(batch: TrialBatch): void {
    const ids = (this.ids ??= batch.ids);
    for (let i = 0; i < batch.length; i++) {
      const participant = batch.participant[i];
      const condition = batch.condition[i];
      this.checkCondition(batch, i, participant, condition);
      const exclusion = batch.exclusion[i];
      if (exclusion !== NONE) {
        const key = `${ids.conditions.strings[condition]}\u0000${ids.reasons.strings[exclusion]}`;
        this.exclusionCounts.set(key, (this.exclusionCounts.get(key) ?? 0) + 1);
        if (participant >= this.excludedParticipants.length) this.excludedParticipants = grown(this.excludedParticipants, participant);
        this.excludedParticipants[participant] = 1;
        this.excludedTrials++;
        continue;
      }
      const p = this.unit(participant, condition);
      const trialIndex = batch.trialIndex[i];
      if (trialIndex < p.firstTrial) p.firstTrial = trialIndex;
      this.trials++;
      const truth = batch.truth[i];
      const advice = batch.aiAdvice[i];
      const initial = batch.initial[i];
      const final = batch.final[i];
      p.labelOutcomes[labelOutcomeCode(truth, advice, initial, final)]++;
      if (this.labels.length <= 2) {
        this.noteLabel(truth);
        this.noteLabel(advice);
        this.noteLabel(final);
        if (initial !== NONE) this.noteLabel(initial);
      }
      if (this.numericPossible) this.addNumeric(batch, i, p);
    }
  }

  private noteLabel(label: number): void {
    if (label < this.labelNoted.length && this.labelNoted[label] === 1) return;
    if (label >= this.labelNoted.length) this.labelNoted = grown(this.labelNoted, label);
    this.labelNoted[label] = 1;
    if (this.labels.length <= 2) this.labels.push(label);
  }

  private addNumeric(batch: TrialBatch, i: number, p: ParticipantTally): void {
    const ids = batch.ids;
    const truth = ids.labelNumber(batch.truth[i]);
    const advice = ids.labelNumber(batch.aiAdvice[i]);
    const final = ids.labelNumber(batch.final[i]);
    const hasInitial = batch.initial[i] !== NONE;
    const initial = hasInitial ? ids.labelNumber(batch.initial[i]) : NaN;
    if (Number.isNaN(truth) || Number.isNaN(advice) || Number.isNaN(final) || (hasInitial && Number.isNaN(initial))) {
      if (this.options.task === 'numeric') {
        const column = Number.isNaN(truth) ? 'truth' : Number.isNaN(advice) ? 'ai_advice' : Number.isNaN(final) ? 'final' : 'initial';
        throw new UserError('Malformed trial data for a numeric task (--task numeric):', [
          `line ${batch.line[i]}, column "${column}": expected a number`,
        ]);
      }
      this.numericPossible = false;
      for (const q of this.tallies) q.numericOutcomes = null;
      this.woaByCondition.clear();
      return;
    }
    if (this.numericTruths.size <= 2) this.numericTruths.add(truth);
    p.numericOutcomes![numericOutcomeCode(truth, advice, hasInitial ? initial : null, final, this.withinTolerance)]++;
    const condition = ids.conditions.strings[batch.condition[i]];
    let totals = this.woaByCondition.get(condition);
    if (totals === undefined) {
      totals = new WoaTotals();
      this.woaByCondition.set(condition, totals);
    }
    if (!hasInitial) return;
    const raw = this.withinTolerance(advice, initial) ? null : weightOfAdvice(initial, advice, final);
    totals.add(raw);
    if (raw !== null) {
      p.woaSum += clampUnit(raw);
      p.woaCount++;
    }
  }

  /** The tally of this participant in this condition (rows of one participant usually come together). */
  private unit(participant: number, condition: number): ParticipantTally {
    if (this.last !== undefined && this.lastParticipant === participant && this.lastCondition === condition) return this.last;
    const ids = this.ids!;
    const first = this.firstTally[participant];
    let p = first;
    if (first !== undefined && first.condition !== ids.conditions.strings[condition]) {
      p = this.otherTallies.get(`${participant}\u0000${condition}`);
    }
    if (p === undefined) {
      p = new ParticipantTally(ids.participants.strings[participant], ids.conditions.strings[condition], this.numericPossible);
      this.tallies.push(p);
      if (first === undefined) this.firstTally[participant] = p;
      else this.otherTallies.set(`${participant}\u0000${condition}`, p);
    }
    this.last = p;
    this.lastParticipant = participant;
    this.lastCondition = condition;
    return p;
  }

  /**
   * Records the row's participant in its condition (a second condition makes the data within-subjects) and the order
   * of the conditions; done once per run of rows of one participant in one condition (rows of a participant usually
   * come together), the factor levels checked on every row.
   */
  private checkCondition(batch: TrialBatch, i: number, participant: number, condition: number): void {
    if (participant !== this.checkedParticipant || condition !== this.checkedCondition) {
      this.recordCondition(batch, i, participant, condition);
      this.checkedParticipant = participant;
      this.checkedCondition = condition;
    }
    if (this.options.factors !== undefined && this.options.factors.length > 0) {
      this.checkLevels(batch.ids.conditions.strings[condition], batch.rows?.[i].levels ?? null, batch.line[i], this.options.factors);
    }
  }

  private recordCondition(batch: TrialBatch, i: number, participant: number, condition: number): void {
    const names = batch.ids.conditions.strings;
    const seen = this.conditionsOf[participant];
    if (seen === undefined) this.conditionsOf[participant] = [condition];
    else if (!seen.includes(condition)) {
      if (this.options.design === 'between') {
        throw new UserError('Inconsistent trial data for a between-subjects design:', [
          `line ${batch.line[i]}, column "condition": participant "${batch.ids.participants.strings[participant]}" was in condition "${names[seen[0]]}", here "${names[condition]}" (the design is between-subjects: one condition per participant; a participant seen in several conditions is a within-subjects design)`,
        ]);
      }
      seen.push(condition);
      this.repeated = true;
    }
    if (!this.conditionOrder.includes(names[condition])) {
      if (this.conditionOrder.length >= 1000) {
        throw new UserError('Too many conditions (more than 1000):', [`line ${batch.line[i]}, column "condition"`]);
      }
      this.conditionOrder.push(names[condition]);
    }
  }

  /**
   * A condition's factor levels: from the experiment file, else the row's factor columns, else its name split on "+"
   * (the experiment file's naming rule). Every row of a condition must give the same levels.
   */
  private checkLevels(condition: string, rowLevels: readonly string[] | null, line: number, factors: readonly string[]): void {
    const known = this.levels.get(condition);
    const given = this.options.conditionLevels?.get(condition) ?? rowLevels;
    if (given === null && known !== undefined) return;
    const levels = given ?? condition.split('+');
    if (levels.length !== factors.length || levels.some((l) => l === '')) {
      throw new UserError('The condition does not name a level of each factor:', [
        `line ${line}, column "condition": "${condition}" is not ${factors.length} level names joined by "+" (factors ${factors.join(', ')}), and the file has no column named after each factor`,
      ]);
    }
    if (known === undefined) this.levels.set(condition, levels);
    else if (known.some((l, i) => l !== levels[i])) {
      const f = known.findIndex((l, i) => l !== levels[i]);
      throw new UserError('Inconsistent factor levels:', [
        `line ${line}, column "${factors[f]}": condition "${condition}" has level "${levels[f]}" here but "${known[f]}" on earlier rows`,
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
    for (const p of this.tallies) {
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
    this.excludedParticipants.forEach((excluded, id) => {
      if (excluded === 1 && this.firstTally[id] === undefined) fullyExcluded++;
    });
    const conditionOf = new Map<string, string>();
    for (const p of this.tallies) if (!conditionOf.has(p.participantId)) conditionOf.set(p.participantId, p.condition);
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

/** `flags` grown to hold index `index`. */
function grown(flags: Uint8Array<ArrayBuffer>, index: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.max(index + 1, flags.length * 2));
  bigger.set(flags);
  return bigger;
}
