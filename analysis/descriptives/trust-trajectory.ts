import { AIC, FOLLOW } from '../metrics/trial-outcome.ts';
import { meanInterval, type MeanInterval } from '../stats/mean-interval.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';
import { lowerBound } from './lower-bound.ts';
import type { ProbeColumns } from './probe-columns.ts';
import type { TrialColumns } from './trial-columns.ts';

export interface TrustPoint {
  /** 1-based position of the probed trial within the block of the condition. */
  position: number;
  /** First position of the reliance window: the trial after the previous probe position (1 for the first). */
  from: number;
  /** Ratings at this position, one per participant: mean, SD and the 95% t interval across participants. */
  trust: MeanInterval;
  self_confidence: MeanInterval | null;
  /** Reliance over the window from..position (pooled over the analysed trials there). */
  agreement: RatioCell;
  overreliance: RatioCell;
}

export interface TrustTrajectory {
  condition: string;
  points: TrustPoint[];
}

/**
 * Trust over the task, per condition (docs/ANALYSIS.md "In-task trust"): at each probe position p (the positions where
 * the condition's trials carry a rating), the mean trust rating with its participant-clustered 95% interval — one
 * rating per participant and position, so the interval is mean ± t(0.975, n - 1) · sd / sqrt(n) across participants —
 * and the self-confidence ratings likewise; beside it, reliance over the trials since the previous probe position
 * (from = previous p + 1, to = p): pooled agreement and over-reliance (follow | AI wrong). Null when no rating.
 */
export function trustTrajectory(columns: TrialColumns, probes: ProbeColumns, conditionOrder: readonly string[]): TrustTrajectory[] | null {
  const { trust, selfConfidence, position } = probes;
  if (trust === null) return null;
  // ratings[condition][position] -> trust values and self-confidence values
  const ratings = columns.conditions.map(() => new Map<number, { trust: number[]; self: number[] }>());
  for (let i = 0; i < columns.length; i++) {
    if (Number.isNaN(trust[i])) continue;
    const at = ratings[columns.condition[i]];
    const cell = at.get(position[i]) ?? { trust: [], self: [] };
    cell.trust.push(trust[i]);
    if (selfConfidence !== null && !Number.isNaN(selfConfidence[i])) cell.self.push(selfConfidence[i]);
    at.set(position[i], cell);
  }
  const probePositions = ratings.map((at) => [...at.keys()].sort((a, b) => a - b));
  // counts[condition][window] = [trials, follow, aiWrong, followWhenWrong]
  const counts = probePositions.map((ps) => ps.map(() => [0, 0, 0, 0]));
  for (let i = 0; i < columns.length; i++) {
    const c = columns.condition[i];
    const w = windowOf(probePositions[c], position[i]);
    if (w === -1) continue;
    const tally = counts[c][w];
    const follow = (columns.code[i] & FOLLOW) !== 0;
    tally[0]++;
    if (follow) tally[1]++;
    if ((columns.code[i] & AIC) === 0) {
      tally[2]++;
      if (follow) tally[3]++;
    }
  }
  return conditionOrder.map((condition) => {
    const c = columns.conditions.indexOf(condition);
    if (c === -1) return { condition, points: [] };
    return {
      condition,
      points: probePositions[c].map((p, w) => {
        const cell = ratings[c].get(p)!;
        const [trials, follow, wrong, followWrong] = counts[c][w];
        return {
          position: p,
          from: w === 0 ? 1 : probePositions[c][w - 1] + 1,
          trust: meanInterval(cell.trust),
          self_confidence: cell.self.length > 0 ? meanInterval(cell.self) : null,
          agreement: ratioCell(follow, trials),
          overreliance: ratioCell(followWrong, wrong),
        };
      }),
    };
  });
}

/** Index of the first probe position >= p (the window p falls in), or -1 after the last one. */
function windowOf(sorted: readonly number[], p: number): number {
  const w = lowerBound(sorted, p);
  return w < sorted.length ? w : -1;
}
