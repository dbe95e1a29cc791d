import { OUTCOME_CODES } from '../metrics/trial-outcome.ts';
import { RELIANCE_METRICS, ratiosFromHistogram } from '../metrics/reliance-metrics.ts';
import { mean, standardDeviation } from '../stats/mean-sd.ts';
import { quantileSorted } from '../stats/percentile.ts';
import { binUnit } from './unit-bins.ts';
import type { TrialColumns } from './trial-columns.ts';

/** The metrics whose per-participant spread the report shows on one common [0, 1] axis. */
export const DISTRIBUTION_METRICS = ['agreement', 'overreliance', 'rair', 'rsr'] as const;

export interface ParticipantDistribution {
  condition: string;
  metric: (typeof DISTRIBUTION_METRICS)[number];
  /** Participants with a defined ratio (n_i > 0), and without. */
  n: number;
  participants_undefined: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  /** Counts of participant ratios in [0, 0.1), ..., [0.9, 1]. */
  histogram: number[];
}

/**
 * Per-participant distributions of agreement, over-reliance, RAIR and RSR per condition: each participant's own
 * ratio k_i/n_i in that condition (participants with n_i = 0 are counted as undefined and left out, or count as 0
 * with `undefinedAsZero`, as `--undefined-as-zero` does for every participant-level statistic), summarised by
 * mean, SD, min, quartiles (type 7), max and a 10-bin histogram on [0, 1]. A metric the data cannot define (RAIR and
 * RSR in one-stage data) is left out.
 */
export function participantDistributions(
  columns: TrialColumns,
  conditionOrder: readonly string[],
  undefinedAsZero = false,
): ParticipantDistribution[] {
  const conditions = columns.conditions.length;
  const histograms = new Map<number, Int32Array>();
  // Rows of one participant in one condition usually come together: one lookup per run of them.
  let lastKey = -1;
  let h: Int32Array = new Int32Array(0);
  for (let i = 0; i < columns.length; i++) {
    const key = columns.participant[i] * conditions + columns.condition[i];
    if (key !== lastKey) {
      let known = histograms.get(key);
      if (known === undefined) histograms.set(key, (known = new Int32Array(OUTCOME_CODES)));
      h = known;
      lastKey = key;
    }
    h[columns.code[i]]++;
  }
  const metricIndex = DISTRIBUTION_METRICS.map((key) => RELIANCE_METRICS.findIndex((m) => m.key === key));
  const ratios = columns.conditions.map(() => DISTRIBUTION_METRICS.map(() => [] as number[]));
  const undefinedCount = columns.conditions.map(() => DISTRIBUTION_METRICS.map(() => 0));
  const scratch = new Float64Array(2 * RELIANCE_METRICS.length);
  // A metric applies when some participant has a trial in its denominator (RAIR and RSR need two-stage data).
  const applies = DISTRIBUTION_METRICS.map(() => false);
  for (const [key, h] of histograms) {
    const c = key % conditions;
    ratiosFromHistogram(h, scratch);
    metricIndex.forEach((m, j) => {
      const [k, n] = [scratch[2 * m], scratch[2 * m + 1]];
      if (n > 0) applies[j] = true;
      if (n > 0) ratios[c][j].push(k / n);
      else if (undefinedAsZero) ratios[c][j].push(0);
      else undefinedCount[c][j]++;
    });
  }
  const out: ParticipantDistribution[] = [];
  DISTRIBUTION_METRICS.forEach((metric, j) => {
    const c = (condition: string) => columns.conditions.indexOf(condition);
    if (!applies[j]) return;
    for (const condition of conditionOrder) {
      const sorted = Float64Array.from(ratios[c(condition)][j]).sort();
      out.push({
        condition,
        metric,
        n: sorted.length,
        participants_undefined: undefinedCount[c(condition)][j],
        mean: mean(sorted),
        sd: standardDeviation(sorted),
        min: sorted.length > 0 ? sorted[0] : null,
        q1: quantileSorted(sorted, 0.25),
        median: quantileSorted(sorted, 0.5),
        q3: quantileSorted(sorted, 0.75),
        max: sorted.length > 0 ? sorted[sorted.length - 1] : null,
        histogram: binUnit(sorted),
      });
    }
  });
  return out;
}
