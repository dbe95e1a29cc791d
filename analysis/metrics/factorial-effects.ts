import { factorialAnova } from '../stats/anova-type2.ts';
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
  return { metric, terms: fit.terms, residual: fit.residual, n: fit.n };
}
