/**
 * Average ranks (1-based; tied values share the mean of the ranks they span) and the tie term sum(t^3 - t) over
 * groups of t tied values, as used by Mann-Whitney, Kruskal-Wallis and Spearman.
 * Same as `scipy.stats.rankdata(x, method='average')`; the tie term is the one of `scipy.stats.tiecorrect`.
 * Example: averageRanks([10, 20, 20, 30]) = { ranks: [1, 2.5, 2.5, 4], tieTerm: 6 }.
 */
export interface Ranking {
  ranks: Float64Array;
  tieTerm: number;
}

export function averageRanks(values: ArrayLike<number>): Ranking {
  const n = values.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) return averageRanksByOrder(values);
  // The values sorted natively (no comparator call per comparison); each value's run of equal values is then found
  // by binary search among the runs (ratios of a few trials take few distinct values): the same runs, so the same
  // shared ranks and tie term, as sorting the positions.
  const sorted = Float64Array.from(values).sort();
  // The distinct values in order and the rank each one's run of equal values shares.
  const distinct = new Float64Array(n);
  const shared = new Float64Array(n);
  let runs = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    distinct[runs] = sorted[start];
    shared[runs++] = (start + 1 + end) / 2;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  const runValues = distinct.subarray(0, runs);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = shared[firstAtLeast(runValues, values[i])];
  return { ranks, tieTerm };
}

/** The first position of `sorted` holding a value >= `value` (-0 and 0 count as equal, as === does). */
function firstAtLeast(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The same by sorting the positions with a comparator: kept for data with NaN, which the native sort orders apart. */
function averageRanksByOrder(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const shared = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = shared;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}
