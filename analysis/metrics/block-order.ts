import { mean } from '../stats/mean-sd.ts';
import type { BlockOrderResult } from '../result.ts';
import { RELIANCE_METRICS } from './reliance-metrics.ts';
import { participantCounts, definedRatios, sum } from './participant-ratios.ts';
import type { TalliedParticipant } from './trial-tally.ts';

/**
 * Within-subjects block order (counterbalancing check): each participant's conditions ordered by their first trial
 * index (the Latin-square row they got), how many participants did each order, and every metric per position and
 * condition (pooled k/n and the mean of participants' own ratios), so an order or carry-over effect can be seen.
 */
export function blockOrder(
  conditions: readonly { condition: string; participants: readonly TalliedParticipant[] }[],
  twoStage: boolean,
  undefinedAsZero: boolean,
): BlockOrderResult {
  const blocks = new Map<string, { condition: string; unit: TalliedParticipant }[]>();
  for (const c of conditions) {
    for (const unit of c.participants) {
      let list = blocks.get(unit.id);
      if (list === undefined) blocks.set(unit.id, (list = []));
      list.push({ condition: c.condition, unit });
    }
  }
  const orders = new Map<string, { order: string[]; participants: number }>();
  const cells = new Map<string, { position: number; condition: string; units: TalliedParticipant[] }>();
  for (const list of blocks.values()) {
    list.sort((x, y) => x.unit.firstTrial - y.unit.firstTrial);
    const order = list.map((b) => b.condition);
    const key = order.join('\u0000');
    const entry = orders.get(key) ?? { order, participants: 0 };
    entry.participants++;
    orders.set(key, entry);
    list.forEach((b, i) => {
      const cellKey = `${i}\u0000${b.condition}`;
      const cell = cells.get(cellKey) ?? { position: i + 1, condition: b.condition, units: [] };
      cell.units.push(b.unit);
      cells.set(cellKey, cell);
    });
  }
  const rank = new Map(conditions.map((c, i) => [c.condition, i]));
  const byPosition = [...cells.values()]
    .sort((x, y) => x.position - y.position || rank.get(x.condition)! - rank.get(y.condition)!)
    .map((cell) => {
      const counts = participantCounts(cell.units.map((u) => u.outcomes));
      const metrics: BlockOrderResult['by_position'][number]['metrics'] = {};
      RELIANCE_METRICS.forEach((definition, m) => {
        if (definition.needsInitial && !twoStage) {
          metrics[definition.key] = null;
          return;
        }
        const k = sum(counts[m].k);
        const n = sum(counts[m].n);
        metrics[definition.key] = {
          k,
          n,
          value: n === 0 ? null : k / n,
          participant_mean: n === 0 ? null : mean(definedRatios(counts[m], undefinedAsZero)),
        };
      });
      return { position: cell.position, condition: cell.condition, participants: cell.units.length, metrics };
    });
  return { orders: [...orders.values()].sort((x, y) => y.participants - x.participants), by_position: byPosition };
}
