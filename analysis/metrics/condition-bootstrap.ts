import { resampleRatios, percentileInterval } from '../stats/bootstrap.ts';
import type { ParticipantCounts } from './participant-ratios.ts';
import type { ConditionBootstrap } from './condition-summary.ts';

/** Progress of the bootstrap across all conditions: (resamples done, resamples in total). */
export type BootstrapProgress = (done: number, total: number) => void;

/**
 * Participant-cluster bootstrap intervals of every pooled ratio of one condition, all metrics from the same
 * resampled participants (between-subjects: participants resampled within the condition). `resamples` 0 turns the
 * bootstrap off (intervals null, nothing skipped). The resampled ratios are kept for the intervals of differences.
 */
export function bootstrapCondition(
  counts: readonly ParticipantCounts[],
  resamples: number,
  seed: number,
  onProgress?: BootstrapProgress,
): ConditionBootstrap {
  if (resamples === 0) return { intervals: counts.map(() => null), skipped: counts.map(() => 0), resampled: counts.map(() => null) };
  return summarise(resampleRatios(counts, { resamples, seed, onProgress }));
}

/**
 * Within-subjects: one bootstrap over the participants, each resampled participant bringing all their conditions
 * (a participant absent from a condition contributes k = n = 0 there). `counts[c][m]` holds condition c's metric m,
 * aligned on `participantsOf[c]`; `everyone` lists the clusters. Returns one ConditionBootstrap per condition, all
 * from the same resamples, so differences between conditions are paired resample by resample.
 */
export function bootstrapParticipants(
  counts: readonly (readonly ParticipantCounts[])[],
  participantsOf: readonly (readonly string[])[],
  everyone: readonly string[],
  resamples: number,
  seed: number,
  onProgress?: BootstrapProgress,
): ConditionBootstrap[] {
  if (resamples === 0) return counts.map((c) => ({ intervals: c.map(() => null), skipped: c.map(() => 0), resampled: c.map(() => null) }));
  const position = new Map(everyone.map((id, i) => [id, i]));
  const aligned = counts.flatMap((metrics, c) =>
    metrics.map((m) => {
      const k = new Float64Array(everyone.length);
      const n = new Float64Array(everyone.length);
      participantsOf[c].forEach((id, i) => {
        const at = position.get(id)!;
        k[at] = m.k[i];
        n[at] = m.n[i];
      });
      return { k, n };
    }),
  );
  const resampled = resampleRatios(aligned, { resamples, seed, onProgress });
  let offset = 0;
  return counts.map((metrics) => {
    const own = resampled.slice(offset, offset + metrics.length);
    offset += metrics.length;
    return summarise(own);
  });
}

function summarise(resampled: Float64Array[]): ConditionBootstrap {
  const intervals = resampled.map(percentileInterval);
  return { intervals: intervals.map((r) => r.interval), skipped: intervals.map((r) => r.skipped), resampled };
}
