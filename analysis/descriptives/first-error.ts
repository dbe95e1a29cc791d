import { AIC, FOLLOW } from '../metrics/trial-outcome.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import type { TrialColumns } from './trial-columns.ts';
import { forEachDistinctPair } from './distinct-pairs.ts';

export interface FirstErrorSummary {
  condition: string;
  /** Participants with trials in the condition who saw at least one AI error, and who saw none. */
  participants: number;
  participants_without_error: number;
  /** Trials before the first error (all AI-right by definition): agreement. */
  before: RatioCell;
  /** The first AI-wrong trial itself: did they follow it. */
  at_error: RatioCell;
  /** Trials after the first error: agreement when the AI is right, and over-reliance (follow | AI wrong). */
  after_ai_right: RatioCell;
  after_ai_wrong: RatioCell;
}

/**
 * Reliance before and after the first AI error each participant saw (Dietvorst et al. 2015, algorithm aversion;
 * Yin et al. 2019). A participant's first error is their smallest trial_index with a wrong advice, over all their
 * analysed trials (in a within-subjects study, whatever the condition of that trial). Each trial is then before, at
 * or after it and counted in its own condition. Before the error every advice was right, so the like-for-like
 * comparison is `before` against `after_ai_right`. Participants who saw no error are counted and left out.
 * Descriptive: pooled trial-level proportions.
 */
export function firstError(columns: TrialColumns, conditionOrder: readonly string[]): FirstErrorSummary[] {
  const first = new Float64Array(columns.participants.length).fill(Infinity);
  for (let i = 0; i < columns.length; i++) {
    if ((columns.code[i] & AIC) === 0) {
      const p = columns.participant[i];
      if (columns.trialIndex[i] < first[p]) first[p] = columns.trialIndex[i];
    }
  }
  // per condition: [beforeN, beforeK, atN, atK, rightN, rightK, wrongN, wrongK]
  const counts = columns.conditions.map(() => new Float64Array(8));
  // per condition: its participants, and those of them who saw an AI error
  const participants = new Int32Array(columns.conditions.length);
  const withError = new Int32Array(columns.conditions.length);
  forEachDistinctPair(columns.condition, columns.participant, columns.conditions.length, columns.participants.length, (c, p) => {
    participants[c]++;
    if (first[p] !== Infinity) withError[c]++;
  });
  for (let i = 0; i < columns.length; i++) {
    const p = columns.participant[i];
    const c = columns.condition[i];
    if (first[p] === Infinity) continue;
    const follow = (columns.code[i] & FOLLOW) !== 0 ? 1 : 0;
    const index = columns.trialIndex[i];
    const slot = index < first[p] ? 0 : index === first[p] ? 2 : (columns.code[i] & AIC) !== 0 ? 4 : 6;
    counts[c][slot]++;
    counts[c][slot + 1] += follow;
  }
  return conditionOrder.map((condition) => {
    const c = columns.conditions.indexOf(condition);
    const n = counts[c];
    return {
      condition,
      participants: withError[c],
      participants_without_error: participants[c] - withError[c],
      before: ratioCell(n[1], n[0]),
      at_error: ratioCell(n[3], n[2]),
      after_ai_right: ratioCell(n[5], n[4]),
      after_ai_wrong: ratioCell(n[7], n[6]),
    };
  });
}
