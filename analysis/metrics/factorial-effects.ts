import { factorialAnova } from '../stats/anova-type2.ts';
import { rmAnova } from '../stats/repeated-measures-anova.ts';
import type { FactorialResult } from '../result.ts';

/** One condition's participant-level ratios of a metric, and its factor levels. */
export interface FactorialCell {
  levels: readonly string[];
  ratios: ArrayLike<number>;
}

/**
 * Main effects and interactions of the factors on one metric's participant-level ratios: a type II ANOVA of
 * ratio ~ factor1 * factor2 * ... over every participant with a defined ratio (between-subjects designs), equal to
 * R `car::Anova(lm(rate ~ A * B), type = 2)`. Null when fewer than two factors or no residual degree of freedom.
 */
export function factorialEffects(metric: string, factors: readonly string[], cells: readonly FactorialCell[]): FactorialResult | null {
  if (factors.length < 2) return null;
  const levels: (readonly string[])[] = [];
  const y: number[] = [];
  for (const cell of cells) {
    for (let i = 0; i < cell.ratios.length; i++) {
      levels.push(cell.levels);
      y.push(cell.ratios[i]);
    }
  }
  const fit = factorialAnova(levels, y, factors);
  if (fit.residual.df <= 0) return null;
  return { metric, method: 'type2', terms: fit.terms, residual: fit.residual, n: fit.n };
}

/**
 * Within-subjects factorial designs: a repeated-measures ANOVA of the participants with a ratio in every condition
 * (`rmAnova`, = statsmodels AnovaRM); the others are left out and counted. Null when fewer than two factors or two
 * complete participants, or conditions that are not a full crossing of the levels (an explicit list missing some).
 */
export function repeatedMeasuresEffects(
  metric: string,
  factors: readonly string[],
  conditions: readonly { levels: readonly string[]; ratios: ArrayLike<number>; participantIds: readonly string[] }[],
): FactorialResult | null {
  if (factors.length < 2 || !fullCrossing(conditions.map((c) => c.levels), factors.length)) return null;
  const byCondition = conditions.map((c) => new Map(c.participantIds.map((id, i) => [id, c.ratios[i]])));
  const everyone = new Set(conditions.flatMap((c) => c.participantIds));
  const complete: number[][] = [];
  for (const id of everyone) {
    const row = byCondition.map((m) => m.get(id));
    if (row.every((v) => v !== undefined)) complete.push(row as number[]);
  }
  const terms = rmAnova(complete, conditions.map((c) => c.levels), factors);
  if (terms.length === 0) return null;
  return { metric, method: 'repeated_measures', terms, residual: null, n: complete.length, participants_incomplete: everyone.size - complete.length };
}

/** True when the conditions are every combination of their factors' levels, once each (what rmAnova requires). */
function fullCrossing(levels: readonly (readonly string[])[], factorCount: number): boolean {
  const sizes = Array.from({ length: factorCount }, (_, f) => new Set(levels.map((l) => l[f])).size);
  const combos = new Set(levels.map((l) => l.join('\u0000')));
  return combos.size === levels.length && levels.length === sizes.reduce((p, n) => p * n, 1);
}
