import { fUpperP } from './distributions.ts';
import { leastSquares } from './least-squares.ts';

export interface AnovaTerm {
  /** Factor names joined by ":" (e.g. "explanation:framing"), as R prints it. */
  term: string;
  sum_sq: number;
  df: number;
  F: number | null;
  p: number | null;
}

export interface FactorialAnova {
  terms: AnovaTerm[];
  residual: { sum_sq: number; df: number };
  n: number;
}

/**
 * Factorial analysis of variance with type II sums of squares (Langsrud 2003; Fox & Weisberg, An R Companion to
 * Applied Regression, 3rd ed., sec. 5.3.4) for y ~ A * B * ... (all interactions): the sum of squares of a term T is
 *   SS(T) = RSS(M without T) - RSS(M),  M = intercept + T + every term that does not contain T,
 * i.e. each main effect is adjusted for the other main effects (not for the interactions containing it), each
 * interaction for everything of its order or lower. F = (SS(T) / df(T)) / (RSS_full / df_res), df(T) = the rank it adds,
 * df_res = N - rank(full model), p = P(F_{df(T), df_res} >= F). Unbalanced cells are fine; empty cells drop the
 * columns they cannot estimate (rank-deficient fit, see ./least-squares.ts).
 * Same table as R `car::Anova(lm(y ~ A * B), type = 2)` and statsmodels `anova_lm(ols('y ~ C(A) * C(B)', d).fit(), typ=2)`.
 * Coding: treatment dummies (the first level is the reference); type II sums of squares do not depend on it.
 * Edge cases: a term that adds no column (df 0) or a zero residual (every cell constant) gives null F and p;
 * fewer observations than the full model's rank + 1 gives null for every F (df_res 0); a sum of squares below 1e-10 of
 * the residual sum it is taken from is rounding, and is 0 (F 0, p 1), whatever the order of the observations.
 * Example: factorialAnova([['a','x'],['a','y'],['b','x'],['b','y'],['a','x'],['b','y']], [1, 2, 3, 5, 2, 4])
 *   gives SS 5.333333, 1.333333, 0.333333 (df 1 each) and a residual SS of 1 on 2 df (R car 3.1.1 gives the same).
 */
/** Relative size below which a sum of squares obtained as a difference of two residual sums is rounding. */
const ROUNDING = 1e-10;

export function factorialAnova(levels: readonly (readonly string[])[], y: ArrayLike<number>, names?: readonly string[]): FactorialAnova {
  const n = y.length;
  const factorCount = levels.length > 0 ? levels[0].length : 0;
  const factorNames = names ?? Array.from({ length: factorCount }, (_, f) => `F${f + 1}`);
  // Treatment dummies of each factor: one column per level after the first (levels in order of appearance).
  const dummies = Array.from({ length: factorCount }, (_, f) => {
    const seen: string[] = [];
    for (const row of levels) if (!seen.includes(row[f])) seen.push(row[f]);
    return levels.map((row) => seen.slice(1).map((level) => (row[f] === level ? 1 : 0)));
  });
  // Every non-empty subset of factors is a term; a term's columns are the products of its factors' dummies.
  const terms: number[][] = [];
  for (let mask = 1; mask < 1 << factorCount; mask++) {
    terms.push(Array.from({ length: factorCount }, (_, f) => f).filter((f) => (mask & (1 << f)) !== 0));
  }
  terms.sort((x, z) => x.length - z.length);
  const termColumns = (term: number[], i: number): number[] =>
    term.reduce<number[]>((acc, f) => acc.flatMap((v) => dummies[f][i].map((d) => v * d)), [1]);
  const design = (model: number[][]): number[][] =>
    Array.from({ length: n }, (_, i) => [1, ...model.flatMap((t) => termColumns(t, i))]);
  const contains = (outer: number[], inner: number[]) => inner.every((f) => outer.includes(f));

  const full = leastSquares(design(terms), y);
  const dfResidual = n - full.rank;
  const meanSquareResidual = dfResidual > 0 ? full.rss / dfResidual : 0;
  const rows: AnovaTerm[] = terms.map((term) => {
    const others = terms.filter((t) => !contains(t, term));
    const without = leastSquares(design(others), y);
    const withTerm = leastSquares(design([...others, term]), y);
    const df = withTerm.rank - without.rank;
    // A difference of two residual sums is exact only to rounding of their size: below that it is zero (else the same
    // data read in another order could give F = 0 on one side and 1e-17 on the other, p 1 against 0.99999997).
    const difference = without.rss - withTerm.rss;
    const sumSq = difference > ROUNDING * without.rss ? difference : 0;
    const testable = df > 0 && dfResidual > 0 && meanSquareResidual > 0;
    const F = testable ? sumSq / df / meanSquareResidual : null;
    return { term: term.map((f) => factorNames[f]).join(':'), sum_sq: sumSq, df, F, p: F === null ? null : fUpperP(F, df, dfResidual) };
  });
  return { terms: rows, residual: { sum_sq: full.rss, df: dfResidual }, n };
}
