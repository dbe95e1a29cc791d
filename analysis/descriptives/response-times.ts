import { mean } from '../stats/mean-sd.ts';
import { quantileSorted } from '../stats/percentile.ts';
import { sortAscending } from '../stats/sort-ascending.ts';
import type { TrialColumns } from './trial-columns.ts';

export interface ResponseTimeSummary {
  condition: string;
  /** initial: the decision before the advice (two-stage); final: the decision with the advice. */
  phase: 'initial' | 'final';
  /** Trials with a response time. */
  n: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/**
 * Response-time summaries per condition and phase, in milliseconds, over the analysed trials with a time:
 * mean, median and quartiles (type 7, as `numpy.percentile`; IQR = q3 - q1). A phase no trial of the data has
 * (initial in one-stage data) is left out. Times are skewed: read the median and quartiles first.
 */
export function responseTimes(columns: TrialColumns, conditionOrder: readonly string[]): ResponseTimeSummary[] {
  const summaries: ResponseTimeSummary[] = [];
  for (const [phase, times] of [['initial', columns.initialRt], ['final', columns.finalRt]] as const) {
    // Two passes into one typed array per condition: no growing arrays of a million numbers.
    const counts = new Int32Array(columns.conditions.length);
    for (let i = 0; i < columns.length; i++) if (!Number.isNaN(times[i])) counts[columns.condition[i]]++;
    if (counts.every((n) => n === 0)) continue;
    const byCondition = Array.from(counts, (n) => new Float64Array(n));
    const filled = new Int32Array(columns.conditions.length);
    for (let i = 0; i < columns.length; i++) {
      if (Number.isNaN(times[i])) continue;
      const c = columns.condition[i];
      byCondition[c][filled[c]++] = times[i];
    }
    for (const condition of conditionOrder) {
      const sorted = sortAscending(byCondition[columns.conditions.indexOf(condition)]);
      summaries.push({
        condition,
        phase,
        n: sorted.length,
        mean: mean(sorted),
        median: quantileSorted(sorted, 0.5),
        q1: quantileSorted(sorted, 0.25),
        q3: quantileSorted(sorted, 0.75),
      });
    }
  }
  return summaries;
}
