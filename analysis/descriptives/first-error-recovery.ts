import { AIC, FOLLOW } from '../metrics/trial-outcome.ts';
import { meanInterval, type MeanInterval } from '../stats/mean-interval.ts';
import { quantileSorted } from '../stats/percentile.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import type { ProbeColumns } from './probe-columns.ts';
import type { TrialColumns } from './trial-columns.ts';

/** Trials after the first error compared with the trials before it. */
export const RECOVERY_WINDOW = 5;
/** Length of the recovery curve, in trials since the first error. */
export const RECOVERY_CURVE = 10;

export interface FirstErrorRecovery {
  condition: string;
  /** Participants whose analysed trials in the condition hold an AI error, and those whose do not. */
  participants: number;
  participants_without_error: number;
  /** Where the first error fell (1-based position in the block): one value when the design fixes it (`first_error_at`). */
  first_error_position: { min: number; median: number; max: number } | null;
  window: number;
  /** Agreement before the first error (every advice right there). */
  before: RatioCell;
  /** Followed the first wrong advice. */
  at_error: RatioCell;
  /** Agreement on the AI-right trials among the `window` trials after the first error. */
  after: RatioCell;
  /** after / before (pooled values); null when either is undefined or before is 0. */
  relative: number | null;
  /** Per participant, agreement after minus agreement before, for those with both defined: mean and 95% t interval. */
  participant_difference: MeanInterval;
  /** Agreement on AI-right trials s = 1..RECOVERY_CURVE trials after the first error. */
  curve: { since: number; agreement: RatioCell }[];
}

/**
 * Trust recovery after the first AI error, per condition (docs/ANALYSIS.md "First AI error and recovery"). Unlike
 * `first_error` (the participant's first error over all their trials), the first error here is each participant's
 * first AI-wrong analysed trial IN the condition, so a within-subjects block and a `first_error_at` factor each have
 * their own. Positions are within the block (probe-columns.ts). Descriptive pooled proportions, plus the
 * participant-level mean difference after - before with its t interval (participants independent).
 */
export function firstErrorRecovery(columns: TrialColumns, probes: ProbeColumns, conditionOrder: readonly string[]): FirstErrorRecovery[] {
  const nc = columns.conditions.length;
  const pairs = columns.participants.length * nc;
  const pairOf = (i: number) => columns.participant[i] * nc + columns.condition[i];
  const first = new Float64Array(pairs).fill(Infinity);
  const present = new Uint8Array(pairs);
  for (let i = 0; i < columns.length; i++) {
    const pair = pairOf(i);
    present[pair] = 1;
    if ((columns.code[i] & AIC) === 0 && probes.position[i] < first[pair]) first[pair] = probes.position[i];
  }
  // per pair: [beforeN, beforeK, afterN, afterK]
  const perPair = new Float64Array(pairs * 4);
  // per condition: [atN, atK] and the curve [n, k] by since = 1..RECOVERY_CURVE
  const atError = columns.conditions.map(() => [0, 0]);
  const curve = columns.conditions.map(() => Array.from({ length: RECOVERY_CURVE }, () => [0, 0]));
  for (let i = 0; i < columns.length; i++) {
    const pair = pairOf(i);
    if (first[pair] === Infinity) continue;
    const since = probes.position[i] - first[pair];
    const follow = (columns.code[i] & FOLLOW) !== 0 ? 1 : 0;
    const right = (columns.code[i] & AIC) !== 0;
    if (since < 0) {
      perPair[pair * 4]++;
      perPair[pair * 4 + 1] += follow;
    } else if (since === 0) {
      atError[columns.condition[i]][0]++;
      atError[columns.condition[i]][1] += follow;
    } else if (right) {
      if (since <= RECOVERY_WINDOW) {
        perPair[pair * 4 + 2]++;
        perPair[pair * 4 + 3] += follow;
      }
      if (since <= RECOVERY_CURVE) {
        curve[columns.condition[i]][since - 1][0]++;
        curve[columns.condition[i]][since - 1][1] += follow;
      }
    }
  }
  return conditionOrder.map((condition) => {
    const c = columns.conditions.indexOf(condition);
    const firsts: number[] = [];
    const differences: number[] = [];
    const totals = [0, 0, 0, 0];
    let without = 0;
    for (let p = 0; c !== -1 && p < columns.participants.length; p++) {
      const pair = p * nc + c;
      if (present[pair] === 0) continue;
      if (first[pair] === Infinity) {
        without++;
        continue;
      }
      firsts.push(first[pair]);
      const bn = perPair[pair * 4];
      const bk = perPair[pair * 4 + 1];
      const an = perPair[pair * 4 + 2];
      const ak = perPair[pair * 4 + 3];
      totals[0] += bn;
      totals[1] += bk;
      totals[2] += an;
      totals[3] += ak;
      if (bn > 0 && an > 0) differences.push(ak / an - bk / bn);
    }
    const before = ratioCell(totals[1], totals[0]);
    const after = ratioCell(totals[3], totals[2]);
    const sorted = firsts.sort((a, b) => a - b);
    return {
      condition,
      participants: firsts.length,
      participants_without_error: without,
      first_error_position: sorted.length > 0 ? { min: sorted[0], median: quantileSorted(sorted, 0.5) as number, max: sorted[sorted.length - 1] } : null,
      window: RECOVERY_WINDOW,
      before,
      at_error: c === -1 ? ratioCell(0, 0) : ratioCell(atError[c][1], atError[c][0]),
      after,
      relative: before.value !== null && before.value > 0 && after.value !== null ? after.value / before.value : null,
      participant_difference: meanInterval(differences),
      curve: Array.from({ length: RECOVERY_CURVE }, (_, s) => ({
        since: s + 1,
        agreement: c === -1 ? ratioCell(0, 0) : ratioCell(curve[c][s][1], curve[c][s][0]),
      })),
    };
  });
}
