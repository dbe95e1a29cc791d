import { AIC, FOLLOW } from '../metrics/trial-outcome.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import type { TrialColumns } from './trial-columns.ts';

export const CONFIDENCE_BINS = 10;

export interface ConfidencePoint {
  /** Bin [from, to): [0, 0.1), ..., [0.9, 1] (1 goes in the last bin). */
  from: number;
  to: number;
  trials: number;
  mean_confidence: number | null;
  /** Following the advice, and the AI's own accuracy, in the bin. */
  agreement: RatioCell;
  accuracy_ai: RatioCell;
}

export interface ByConfidence {
  conditions: { condition: string; trials_without_confidence: number; points: ConfidencePoint[] }[];
}

/**
 * Following as a function of the AI's displayed confidence (calibration of reliance; Zhang, Liao & Bellamy 2020):
 * per condition and confidence bin of width 0.1, the share of trials where the final decision followed the advice
 * next to the AI's accuracy in that bin. Reliance is calibrated when the two rise together. Only trials where a
 * confidence was shown count; the others are counted per condition. Empty bins are left out. Null when no trial of
 * the data showed a confidence. Descriptive: pooled trial-level proportions.
 */
export function byConfidence(columns: TrialColumns, conditionOrder: readonly string[]): ByConfidence | null {
  // per condition and bin: [trials, follow, aiRight, confidenceSum]; then trials without confidence
  const counts = columns.conditions.map(() => Array.from({ length: CONFIDENCE_BINS }, () => [0, 0, 0, 0]));
  const without = new Float64Array(columns.conditions.length);
  let shown = 0;
  for (let i = 0; i < columns.length; i++) {
    const confidence = columns.confidence[i];
    const c = columns.condition[i];
    if (Number.isNaN(confidence)) {
      without[c]++;
      continue;
    }
    shown++;
    const bin = counts[c][Math.min(CONFIDENCE_BINS - 1, Math.floor(confidence * CONFIDENCE_BINS))];
    bin[0]++;
    if ((columns.code[i] & FOLLOW) !== 0) bin[1]++;
    if ((columns.code[i] & AIC) !== 0) bin[2]++;
    bin[3] += confidence;
  }
  if (shown === 0) return null;
  return {
    conditions: conditionOrder.map((condition) => {
      const c = columns.conditions.indexOf(condition);
      return {
        condition,
        trials_without_confidence: without[c],
        points: counts[c].flatMap(([trials, follow, right, sum], b) =>
          trials === 0
            ? []
            : [{
                from: b / CONFIDENCE_BINS,
                to: (b + 1) / CONFIDENCE_BINS,
                trials,
                mean_confidence: sum / trials,
                agreement: ratioCell(follow, trials),
                accuracy_ai: ratioCell(right, trials),
              }],
        ),
      };
    }),
  };
}
