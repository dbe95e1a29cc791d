import { NONE, type TrialBatch } from '../input/trial-batch.ts';
import { GrowableColumn } from './growable.ts';
import { lowerBound } from './lower-bound.ts';
import type { TrialColumns } from './trial-columns.ts';

/**
 * Per analysed trial (aligned with TrialColumns): its 1-based position within the participant's block of its
 * condition, and the in-task probe ratings given with it (NaN when none; null columns when the data has none).
 * The position is the rank of its trial_index among the participant's rows in that condition, excluded rows included:
 * the decision-trial number within the block (attention checks hold a trial_index but are no rows, so they are not
 * counted, as the design engine does not count them when it places the probe and the first error).
 */
export interface ProbeColumns {
  position: Float64Array;
  trust: Float64Array | null;
  selfConfidence: Float64Array | null;
}

/** Collects block starts from every row and the ratings of the analysed rows (the ones TrialColumnsBuilder keeps). */
export class ProbeColumnsBuilder {
  private readonly blockIndices = new Map<string, Block>();
  private readonly trust = new LazyColumn();
  private readonly selfConfidence = new LazyColumn();
  private analysed = 0;

  /** Rows come participant by participant: the last block is kept to skip the key lookup. */
  private last: Block | null = null;
  private lastParticipant = NONE;
  private lastCondition = NONE;

  /** Adds the trials of a batch; their ratings from its rows (a batch read straight into columns has none). */
  addBatch(batch: TrialBatch): void {
    const { ids, rows } = batch;
    for (let i = 0; i < batch.length; i++) {
      const participant = batch.participant[i];
      const condition = batch.condition[i];
      let block = this.last;
      if (block === null || participant !== this.lastParticipant || condition !== this.lastCondition) {
        const participantId = ids.participants.strings[participant];
        const conditionName = ids.conditions.strings[condition];
        const key = blockKey(participantId, conditionName);
        block = this.blockIndices.get(key) ?? null;
        if (block === null) {
          this.blockIndices.set(key, (block = { participant: participantId, condition: conditionName, first: NaN, last: NaN, indices: null }));
        }
        this.last = block;
        this.lastParticipant = participant;
        this.lastCondition = condition;
      }
      addIndex(block, batch.trialIndex[i]);
      if (batch.exclusion[i] !== NONE) continue;
      // A batch without rows (read straight into columns) has no rating: its trials are only counted, the columns
      // padded with NaN up to them at the next rating or at the end, as set(index, null) would.
      const row = rows?.[i];
      if (row !== undefined) {
        this.trust.set(this.analysed, row.trustRating ?? null);
        this.selfConfidence.set(this.analysed, row.selfConfidenceRating ?? null);
      }
      this.analysed++;
    }
  }

  finish(columns: TrialColumns): ProbeColumns {
    // One lookup per (participant, condition) of the columns, not per trial: the block's sorted trial indices.
    const nc = columns.conditions.length;
    const blocks: (Float64Array | undefined)[] = new Array(columns.participants.length * nc);
    const participantIndex = new Map(columns.participants.map((id, i) => [id, i]));
    // A block read in order of consecutive trial indices (no attention check, no repeat) keeps only its first index:
    // a trial's rank is its offset from it.
    const firsts = new Float64Array(columns.participants.length * nc).fill(NaN);
    for (const { participant, condition, first, indices } of this.blockIndices.values()) {
      const p = participantIndex.get(participant);
      const c = columns.conditions.indexOf(condition);
      if (p === undefined || c === -1) continue;
      if (indices === null) firsts[p * nc + c] = first;
      else blocks[p * nc + c] = Float64Array.from(indices).sort();
    }
    const position = new Float64Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const block = columns.participant[i] * nc + columns.condition[i];
      const trialIndex = columns.trialIndex[i];
      const first = firsts[block];
      const indices = blocks[block];
      if (!Number.isNaN(first)) position[i] = trialIndex - first + 1;
      else position[i] = indices === undefined ? trialIndex + 1 : lowerBound(indices, trialIndex) + 1;
    }
    return { position, trust: this.trust.values(columns.length), selfConfidence: this.selfConfidence.values(columns.length) };
  }
}

/**
 * The trial indices of one participant's rows in one condition: while they come in order one apart, the first and
 * the last only (`indices` null); otherwise all of them.
 */
interface Block {
  participant: string;
  condition: string;
  first: number;
  last: number;
  indices: number[] | null;
}

function addIndex(block: Block, index: number): void {
  if (block.indices === null) {
    if (Number.isNaN(block.first)) {
      block.first = index;
      block.last = index;
      return;
    }
    if (index === block.last + 1) {
      block.last = index;
      return;
    }
    block.indices = Array.from({ length: block.last - block.first + 1 }, (_, k) => block.first + k);
  }
  block.indices.push(index);
}

function blockKey(participant: string, condition: string): string {
  return `${participant}\u001f${condition}`;
}

/** A rating column allocated at its first value (studies without a probe pay nothing), NaN where no rating. */
class LazyColumn {
  private column: GrowableColumn<Float64Array> | null = null;

  set(index: number, value: number | null): void {
    if (value === null && this.column === null) return;
    if (this.column === null) this.column = new GrowableColumn((n) => new Float64Array(n));
    while (this.column.length < index) this.column.push(NaN);
    this.column.push(value ?? NaN);
  }

  values(length: number): Float64Array | null {
    if (this.column === null) return null;
    while (this.column.length < length) this.column.push(NaN);
    return this.column.values();
  }
}
