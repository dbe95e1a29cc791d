import { AIC, FOLLOW, H0C, H1C, HAS_H0 } from '../metrics/trial-outcome.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import type { TrialColumns } from './trial-columns.ts';
import { forEachDistinctPair } from './distinct-pairs.ts';

export interface CaseSummary {
  case_id: string;
  trials: number;
  participants: number;
  accuracy_initial: RatioCell | null;
  accuracy_final: RatioCell;
  accuracy_ai: RatioCell;
  agreement: RatioCell;
}

/**
 * Per-case difficulty over all conditions: initial (two-stage data) and final accuracy, the AI's accuracy and
 * agreement on each case, with the number of trials and participants. Sorted hardest first (final accuracy
 * ascending, then case_id), so the cases people most often get wrong lead. Descriptive.
 */
export function caseDifficulty(columns: TrialColumns): CaseSummary[] {
  // per case: [trials, initialN, initialK, finalK, aiK, followK]
  const counts = columns.cases.map(() => new Float64Array(6));
  const participants = new Int32Array(columns.cases.length);
  forEachDistinctPair(columns.caseIndex, columns.participant, columns.cases.length, columns.participants.length, (k) => {
    participants[k]++;
  });
  let twoStage = false;
  for (let i = 0; i < columns.length; i++) {
    const code = columns.code[i];
    const c = counts[columns.caseIndex[i]];
    c[0]++;
    if ((code & HAS_H0) !== 0) {
      twoStage = true;
      c[1]++;
      if ((code & H0C) !== 0) c[2]++;
    }
    if ((code & H1C) !== 0) c[3]++;
    if ((code & AIC) !== 0) c[4]++;
    if ((code & FOLLOW) !== 0) c[5]++;
  }
  const summaries = columns.cases.map((case_id, k) => {
    const [trials, initialN, initialK, finalK, aiK, followK] = counts[k];
    return {
      case_id,
      trials,
      participants: participants[k],
      accuracy_initial: twoStage ? ratioCell(initialK, initialN) : null,
      accuracy_final: ratioCell(finalK, trials),
      accuracy_ai: ratioCell(aiK, trials),
      agreement: ratioCell(followK, trials),
    };
  });
  return summaries.sort((a, b) => a.accuracy_final.value! - b.accuracy_final.value! || compare(a.case_id, b.case_id));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
