/**
 * Scores one participant's answers to a scale: per subscale, the mean of its items, reversed items scored as
 * (first + last mark - answer), i.e. (points + 1 - answer) on 1..points, in subscales that reverse. A subscale with a missing answer scores null (no imputation:
 * the analysis reports how many participants it could score).
 * Example (Jian et al. 2000): items 1-5 answered 2, items 6-12 answered 6 -> distrust 2, trust 6,
 * overall (5 x (8 - 2) + 7 x 6) / 12 = 6.
 */
import type { ScaleDefinition } from './definition.ts';
import { isMarkValue, markRangeText, reversedValue } from './scale-values.ts';

export function scoreScale(def: ScaleDefinition, answers: Readonly<Record<string, number>>): Record<string, number | null> {
  for (const [item, value] of Object.entries(answers)) {
    if (!def.items.some((i) => i.id === item)) throw new Error(`${def.id}: unknown item ${item}`);
    if (!isMarkValue(def, value)) throw new Error(`${def.id}.${item}: ${value} is not an answer on ${markRangeText(def)}`);
  }
  const scores: Record<string, number | null> = {};
  for (const [name, sub] of Object.entries(def.subscales)) {
    const values = sub.items.map((item) => {
      const v = answers[item];
      if (v === undefined) return null;
      return sub.reverse && def.reversed.includes(item) ? reversedValue(def, v) : v;
    });
    scores[name] = values.some((v) => v === null) ? null : (values as number[]).reduce((s, v) => s + v, 0) / values.length;
  }
  return scores;
}
