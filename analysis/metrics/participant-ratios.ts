import { RELIANCE_METRICS, ratiosFromHistogram } from './reliance-metrics.ts';

/** Per-participant k_i and n_i of one metric in one condition (index i = participant), the input of the bootstrap. */
export interface ParticipantCounts {
  k: Float64Array;
  n: Float64Array;
}

/** The counts of every reliance metric (in RELIANCE_METRICS order) for the participants of one condition. */
export function participantCounts(outcomes: readonly ArrayLike<number>[]): ParticipantCounts[] {
  const metrics = RELIANCE_METRICS.length;
  const participants = outcomes.length;
  const counts = RELIANCE_METRICS.map(() => ({ k: new Float64Array(participants), n: new Float64Array(participants) }));
  const scratch = new Float64Array(2 * metrics);
  for (let i = 0; i < participants; i++) {
    ratiosFromHistogram(outcomes[i], scratch);
    for (let m = 0; m < metrics; m++) {
      counts[m].k[i] = scratch[2 * m];
      counts[m].n[i] = scratch[2 * m + 1];
    }
  }
  return counts;
}

/**
 * Each participant's own ratio k_i / n_i. Participants with n_i = 0 are left out (they are counted as undefined), or,
 * with `undefinedAsZero` (`--undefined-as-zero`, what some papers do), counted with a ratio of 0.
 */
export function definedRatios(counts: ParticipantCounts, undefinedAsZero = false): Float64Array {
  const { k, n } = counts;
  let defined = 0;
  for (let i = 0; i < n.length; i++) if (undefinedAsZero || n[i] > 0) defined++;
  const ratios = new Float64Array(defined);
  let at = 0;
  for (let i = 0; i < n.length; i++) {
    if (n[i] > 0) ratios[at++] = k[i] / n[i];
    else if (undefinedAsZero) ratios[at++] = 0;
  }
  return ratios;
}

/** The participants (indices) that enter the participant-level statistics, in order. */
export function ratioIndices(counts: ParticipantCounts, undefinedAsZero = false): number[] {
  const indices: number[] = [];
  for (let i = 0; i < counts.n.length; i++) if (undefinedAsZero || counts.n[i] > 0) indices.push(i);
  return indices;
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
