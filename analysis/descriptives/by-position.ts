import { AIC, FOLLOW, H1C } from '../metrics/trial-outcome.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import type { TrialColumns } from './trial-columns.ts';

export interface PositionBin {
  /** Smallest and largest trial_index of the analysed trials in the bin. */
  from: number;
  to: number;
}

export interface PositionPoint {
  trials: number;
  agreement: RatioCell;
  overreliance: RatioCell;
  accuracy_final: RatioCell;
}

export interface ByPosition {
  bins: PositionBin[];
  conditions: { condition: string; points: PositionPoint[] }[];
}

/** One bin per trial position up to this many distinct positions; above, this many equal-width bins. */
export const MAX_POSITION_BINS = 10;
export const WIDE_POSITION_BINS = 10;

/**
 * Reliance over trial position (the learning curve): per condition and position bin, pooled agreement,
 * over-reliance (follow | AI wrong) and final accuracy. With at most 10 distinct trial_index values each is its own
 * bin; otherwise bin = floor((index - min) * 10 / (max - min + 1)), ten bins of equal width.
 * Descriptive: trial-level proportions, no interval.
 */
export function byPosition(columns: TrialColumns, conditionOrder: readonly string[]): ByPosition {
  const { distinct, min, max } = positionRange(columns.trialIndex);
  const perIndex = distinct.length <= MAX_POSITION_BINS;
  const binCount = perIndex ? distinct.length : WIDE_POSITION_BINS;
  const binOf = perIndex
    ? (index: number) => distinct.indexOf(index)
    : (index: number) => Math.floor(((index - min) * WIDE_POSITION_BINS) / (max - min + 1));
  const bins: PositionBin[] = Array.from({ length: binCount }, () => ({ from: Infinity, to: -Infinity }));
  // counts[condition][bin] = [trials, follow, aiWrong, followWhenWrong, correct]
  const counts = columns.conditions.map(() => Array.from({ length: binCount }, () => [0, 0, 0, 0, 0]));
  for (let i = 0; i < columns.length; i++) {
    const index = columns.trialIndex[i];
    const b = binOf(index);
    bins[b].from = Math.min(bins[b].from, index);
    bins[b].to = Math.max(bins[b].to, index);
    const code = columns.code[i];
    const c = counts[columns.condition[i]][b];
    const follow = (code & FOLLOW) !== 0;
    c[0]++;
    if (follow) c[1]++;
    if ((code & AIC) === 0) {
      c[2]++;
      if (follow) c[3]++;
    }
    if ((code & H1C) !== 0) c[4]++;
  }
  const used = bins.map((b) => b.from !== Infinity);
  return {
    bins: bins.filter((_, b) => used[b]),
    conditions: conditionOrder.map((condition) => {
      const c = counts[columns.conditions.indexOf(condition)] ?? [];
      return {
        condition,
        points: c
          .filter((_, b) => used[b])
          .map(([trials, follow, wrong, followWrong, correct]) => ({
            trials,
            agreement: ratioCell(follow, trials),
            overreliance: ratioCell(followWrong, wrong),
            accuracy_final: ratioCell(correct, trials),
          })),
      };
    }),
  };
}

/**
 * The smallest and largest trial index, and the distinct indices in ascending order when there are at most
 * MAX_POSITION_BINS of them (else the first MAX_POSITION_BINS + 1 found, unsorted: only their count matters then);
 * 0 and 0 for no trial. One pass, no set of a million numbers.
 */
function positionRange(indices: Float64Array): { distinct: number[]; min: number; max: number } {
  const distinct: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < indices.length; i++) {
    // -0 counts as 0, as in a Set.
    const index = indices[i] === 0 ? 0 : indices[i];
    if (index < min) min = index;
    if (index > max) max = index;
    if (distinct.length <= MAX_POSITION_BINS && !distinct.includes(index)) distinct.push(index);
  }
  distinct.sort((a, b) => a - b);
  return indices.length === 0 ? { distinct, min: 0, max: 0 } : { distinct, min, max };
}
