import { fUpperP } from './distributions.ts';
import { termSphericity, type TermSphericity } from './sphericity.ts';

export interface RepeatedMeasuresTerm {
  /** Factor names joined by ":". */
  term: string;
  sum_sq: number;
  df: number;
  /** The term x subject interaction: the error term of this effect. */
  error_sum_sq: number;
  error_df: number;
  F: number | null;
  p: number | null;
  /** A term of two df or more: Greenhouse-Geisser and Huynh-Feldt epsilons, corrected p, Mauchly's test; else null. */
  sphericity: TermSphericity | null;
}

/**
 * Repeated-measures (within-subjects) factorial ANOVA on complete, balanced data: every subject has exactly one value
 * in every cell (here one participant-level ratio per condition). For a set of factors G (the subject may be one of
 * them) let M(G) = sum over observations of the squared mean of their G-margin; the effect sum of squares of a term T
 * is the inclusion-exclusion SS(T) = sum over G subset of T of (-1)^{|T|-|G|} M(G) (Winer, Brown & Michels 1991,
 * ch. 7), its df the product of (levels - 1). Each effect is tested against its own error term, the T x subject
 * interaction: F = (SS(T) / df(T)) / (SS(T x S) / (df(T) (n - 1))), p = P(F_{df(T), df(T)(n-1)} >= F)
 * (uncorrected); a term of two df or more also gets its sphericity (sphericity.ts: Greenhouse-Geisser and Huynh-Feldt
 * corrected p, Mauchly's test), with 2-level factors there is nothing to correct.
 * Same F, df and p as statsmodels `AnovaRM(data, 'rate', 'subject', within=['A', 'B']).fit()`, and as R car
 * `summary(Anova(lm(Y ~ 1), idata, idesign = ~A * B, type = 3), multivariate = FALSE)`, its corrections included.
 * Edge cases: fewer than 2 subjects gives no test (empty terms); a zero error sum of squares gives null F and p.
 * Example: rmAnova([[1, 2, 3, 5], [2, 2, 4, 6], [1, 3, 3, 4]], [['a','x'],['a','y'],['b','x'],['b','y']], ['A', 'B'])
 *   gives F = 28, 64 and 0.5714 for A, B and A:B (each on 1 and 2 df; p = 0.0339 for A), as statsmodels 0.13.5 AnovaRM;
 *   SS(A) = 16.3333, its error SS = 1.1667.
 */
export function rmAnova(
  values: readonly ArrayLike<number>[],
  cellLevels: readonly (readonly string[])[],
  factorNames: readonly string[],
): RepeatedMeasuresTerm[] {
  const subjects = values.length;
  const cells = cellLevels.length;
  const k = factorNames.length;
  if (subjects < 2) return [];
  for (const row of values) if (row.length !== cells) throw new RangeError(`rmAnova: every subject needs ${cells} values`);
  const levelCounts = factorNames.map((_, f) => new Set(cellLevels.map((l) => l[f])).size);
  // label of observation (s, c) on factor f (f = k is the subject)
  const label = (s: number, c: number, f: number): string => (f === k ? String(s) : cellLevels[c][f]);
  const marginal = new Map<number, number>();
  const M = (mask: number): number => {
    const known = marginal.get(mask);
    if (known !== undefined) return known;
    const groups = new Map<string, { sum: number; count: number }>();
    for (let s = 0; s < subjects; s++) {
      for (let c = 0; c < cells; c++) {
        let key = '';
        for (let f = 0; f <= k; f++) if (mask & (1 << f)) key += `${label(s, c, f)}\u0000`;
        const g = groups.get(key) ?? { sum: 0, count: 0 };
        g.sum += values[s][c];
        g.count++;
        groups.set(key, g);
      }
    }
    let total = 0;
    for (const g of groups.values()) total += (g.sum * g.sum) / g.count;
    marginal.set(mask, total);
    return total;
  };
  const effect = (mask: number): number => {
    let ss = 0;
    for (let sub = mask; ; sub = (sub - 1) & mask) {
      const sign = (popcount(mask) - popcount(sub)) % 2 === 0 ? 1 : -1;
      ss += sign * M(sub);
      if (sub === 0) break;
    }
    // An alternating sum of marginal sums of squares is exact only to rounding of their size: below that it is 0,
    // whatever the order of the subjects (as for the type II sums, anova-type2.ts).
    return ss > 1e-10 * M(mask) ? ss : 0;
  };
  const dfOf = (mask: number): number =>
    factorNames.reduce((df, _, f) => (mask & (1 << f) ? df * (levelCounts[f] - 1) : df), 1);
  const terms: RepeatedMeasuresTerm[] = [];
  const masks = Array.from({ length: (1 << k) - 1 }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of masks) {
    const df = dfOf(mask);
    const errorDf = df * (subjects - 1);
    const sumSq = effect(mask);
    const errorSumSq = effect(mask | (1 << k));
    const testable = df > 0 && errorSumSq > 0;
    const F = testable ? sumSq / df / (errorSumSq / errorDf) : null;
    terms.push({
      term: factorNames.filter((_, f) => mask & (1 << f)).join(':'),
      sum_sq: sumSq,
      df,
      error_sum_sq: errorSumSq,
      error_df: errorDf,
      F,
      p: F === null ? null : fUpperP(F, df, errorDf),
      sphericity: termSphericity(values, cellLevels, k, mask, F, df, errorDf),
    });
  }
  return terms;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
