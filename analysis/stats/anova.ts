import { fUpperP } from './distributions.ts';
import { mean } from './mean-sd.ts';

export interface AnovaResult {
  F: number | null;
  df1: number | null;
  df2: number | null;
  p: number | null;
}

/**
 * One-way analysis of variance across k groups (Fisher 1925):
 *   F = (SS_between / (k - 1)) / (SS_within / (N - k)),  p = P(F_{k-1, N-k} >= F).
 * Same F and p as `scipy.stats.f_oneway(*groups)`.
 * Edge cases: empty groups are left out (SciPy rejects them); with fewer than 2 non-empty groups or N <= k, all null.
 * When every group is constant (SS_within = 0) SciPy returns F = inf, p = 0 (or NaN if all equal); here F and p are
 * null (no finite F exists), df1 and df2 are kept.
 * Example: anova([[1, 2, 3], [4, 5, 6]]) gives F = 13.5, p = 0.021311641128756...
 */
export function anova(groups: readonly ArrayLike<number>[]): AnovaResult {
  const used = groups.filter((g) => g.length > 0);
  const k = used.length;
  const total = used.reduce((sum, g) => sum + g.length, 0);
  if (k < 2 || total <= k) return { F: null, df1: null, df2: null, p: null };
  const means = used.map((g) => mean(g) as number);
  let grand = 0;
  used.forEach((g, i) => (grand += means[i] * g.length));
  grand /= total;
  let between = 0;
  let within = 0;
  used.forEach((g, i) => {
    between += g.length * (means[i] - grand) ** 2;
    for (let j = 0; j < g.length; j++) within += (g[j] - means[i]) ** 2;
  });
  const df1 = k - 1;
  const df2 = total - k;
  if (!(within > 0)) return { F: null, df1, df2, p: null };
  const F = between / df1 / (within / df2);
  return { F, df1, df2, p: fUpperP(F, df1, df2) };
}
