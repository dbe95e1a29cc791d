import { bootstrapRatios } from '../stats/bootstrap.ts';
import type { ParticipantCounts } from './participant-ratios.ts';
import type { ConditionBootstrap } from './condition-summary.ts';

/** Progress of the bootstrap across all conditions: (resamples done, resamples in total). */
export type BootstrapProgress = (done: number, total: number) => void;

/**
 * Participant-cluster bootstrap intervals of every pooled ratio of one condition, all metrics from the same
 * resampled participants. `resamples` 0 turns the bootstrap off (intervals null, nothing skipped).
 */
export function bootstrapCondition(
  counts: readonly ParticipantCounts[],
  resamples: number,
  seed: number,
  onProgress?: BootstrapProgress,
): ConditionBootstrap {
  if (resamples === 0) return { intervals: counts.map(() => null), skipped: counts.map(() => 0) };
  const results = bootstrapRatios(counts, { resamples, seed, onProgress });
  return { intervals: results.map((r) => r.interval), skipped: results.map((r) => r.skipped) };
}
