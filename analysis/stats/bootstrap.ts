import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { quantileSorted } from './percentile.ts';

/**
 * Participant-cluster bootstrap (Efron & Tibshirani 1993, ch. 13; Field & Welsh 2007 for clustered data):
 * each resample draws as many clusters (participants) as there are, uniformly with replacement, and recomputes the
 * statistic on them; the 95% interval is the 2.5th and 97.5th percentiles of the resampled statistics
 * (type-7 linear interpolation, like numpy's default, see ./percentile.ts).
 * Resamples where the statistic is undefined (null or NaN, e.g. a ratio whose resampled denominator is 0) are
 * skipped and counted; the interval is null when no resample gives a value (or there is no cluster).
 *
 * Randomness: pure-rand's xoroshiro128+ seeded with `seed` (a 32-bit integer), cluster index = `uniformInt(rng, 0,
 * clusters - 1)`, drawn resample by resample, cluster by cluster. The same seed and the same number of clusters give
 * the same indices on any machine, and every function here consumes them in the same order, so `bootstrapRatio`,
 * `bootstrapRatios` and `clusterBootstrap` agree for the same seed. Callers wanting independent streams per condition
 * should pass different seeds (e.g. seed + condition index).
 */
export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Called after each resample with (done, total); for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface BootstrapInterval {
  interval: [number, number] | null;
  skipped: number;
}

/**
 * Pre-aggregated per-cluster counts of one ratio metric: the statistic of a resample is sum(k) / sum(n).
 * k and n are non-negative integers (trial counts), one per cluster. Metrics whose n are equal (e.g. every
 * "all trials" metric) are detected and their denominator is summed once per resample.
 */
export interface ClusterCounts {
  k: ArrayLike<number>;
  n: ArrayLike<number>;
}

/**
 * Generic version: `statistic` receives the resampled clusters (the same arrays, possibly repeated). The outer array
 * is reused from one resample to the next: read it, do not keep it.
 */
export function clusterBootstrap<T>(
  clusters: readonly T[][],
  statistic: (resampled: T[][]) => number | null,
  options: BootstrapOptions,
): BootstrapInterval {
  const { resamples } = checkOptions(options);
  const count = clusters.length;
  if (count === 0) return { interval: null, skipped: resamples };
  const draw = indexDrawer(options.seed, count);
  const values: number[] = [];
  const resampled: T[][] = new Array(count);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < count; i++) resampled[i] = clusters[draw()];
    const value = statistic(resampled);
    if (value !== null && !Number.isNaN(value)) values.push(value);
    options.onProgress?.(r + 1, resamples);
  }
  return summarise(values, resamples);
}

/** Bootstrap interval of the pooled ratio sum(k) / sum(n) over resampled clusters. */
export function bootstrapRatio(k: ArrayLike<number>, n: ArrayLike<number>, options: BootstrapOptions): BootstrapInterval {
  return bootstrapRatios([{ k, n }], options)[0];
}

/**
 * Bootstrap intervals of several pooled ratios of the same clusters, all computed on the same resampled indices
 * (one pass: a resample costs clusters x metrics additions). Every metric must have one (k, n) per cluster.
 */
export function bootstrapRatios(metrics: readonly ClusterCounts[], options: BootstrapOptions): BootstrapInterval[] {
  return resampleRatios(metrics, options).map(percentileInterval);
}

/**
 * The resampled pooled ratios themselves: for each metric, one value per resample in draw order, NaN where the
 * resample's denominator is 0. `bootstrapRatios` summarises them; two conditions resampled with independent seeds
 * (between-subjects), or two metrics of the same resamples (within-subjects: a cluster carries all its conditions),
 * give the bootstrap distribution of a difference resample by resample (see `differenceInterval`).
 */
export function resampleRatios(metrics: readonly ClusterCounts[], options: BootstrapOptions): Float64Array[] {
  const { resamples } = checkOptions(options);
  const metricCount = metrics.length;
  if (metricCount === 0) return [];
  const count = metrics[0].k.length;
  for (const m of metrics)
    if (m.k.length !== count || m.n.length !== count)
      throw new RangeError(`bootstrapRatios: every metric needs ${count} k and n values (one per cluster)`);
  if (count === 0) return metrics.map(() => new Float64Array(resamples).fill(Number.NaN));

  const ks = metrics.map((m) => countColumn(m.k));
  // Metrics with equal denominators (e.g. every "all trials" metric) share one denominator sum per resample.
  const columns = metrics.map((m) => countColumn(m.n));
  const denominatorOwner = columns.map((column, index) => columns.findIndex((other, j) => j >= index || sameCounts(other, column)));
  // One row per cluster holding its counts side by side (every k, then each shared denominator once), so that a
  // resample adds each drawn cluster's row times its multiplicity: the undrawn third of the clusters cost nothing.
  // The sums are of integers (exact in doubles below 2^53), so their order does not change them.
  const owners = denominatorOwner.flatMap((owner, index) => (owner === index ? [index] : []));
  const width = metricCount + owners.length;
  const denominatorSlot = denominatorOwner.map((owner) => metricCount + owners.indexOf(owner));
  const rows = new Float64Array(count * width);
  for (let i = 0; i < count; i++) {
    for (let m = 0; m < metricCount; m++) rows[i * width + m] = ks[m][i];
    for (let o = 0; o < owners.length; o++) rows[i * width + metricCount + o] = columns[owners[o]][i];
  }
  // The draw of indexDrawer, inlined: a closure call per draw costs ~40% of the time here.
  const rng = xoroshiro128plus(options.seed);
  const limit = drawLimit(count);
  // A resample is summarised by how many times it drew each cluster.
  const multiplicity = new Int32Array(count);
  const sums = new Float64Array(width);
  const values = metrics.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    multiplicity.fill(0);
    for (let i = 0; i < count; i++) {
      let v = rng.next() + 2147483648;
      while (v >= limit) v = rng.next() + 2147483648;
      multiplicity[v % count]++;
    }
    sums.fill(0);
    for (let i = 0; i < count; i++) {
      const times = multiplicity[i];
      if (times === 0) continue;
      const base = i * width;
      for (let j = 0; j < width; j++) sums[j] += rows[base + j] * times;
    }
    for (let m = 0; m < metricCount; m++) {
      const denominator = sums[denominatorSlot[m]];
      values[m][r] = denominator > 0 ? sums[m] / denominator : Number.NaN;
    }
    options.onProgress?.(r + 1, resamples);
  }
  return values;
}

/** 95% percentile interval of resampled values (NaN = undefined resample, skipped and counted). */
export function percentileInterval(resampled: Float64Array): BootstrapInterval {
  let defined = 0;
  const kept = new Float64Array(resampled.length);
  for (let r = 0; r < resampled.length; r++) if (!Number.isNaN(resampled[r])) kept[defined++] = resampled[r];
  return summarise(kept.subarray(0, defined), resampled.length);
}

/**
 * Percentile interval of the difference A - B, resample by resample (Efron & Tibshirani 1993, sec. 13.3 / 16.4):
 * independent resamples of two groups give the bootstrap of a between-groups difference, shared resamples of the same
 * clusters that of a paired difference. Resamples where either side is undefined are skipped.
 */
export function differenceInterval(a: Float64Array, b: Float64Array): BootstrapInterval {
  if (a.length !== b.length) throw new RangeError('differenceInterval: both sides need the same number of resamples');
  const difference = new Float64Array(a.length);
  for (let r = 0; r < a.length; r++) difference[r] = a[r] - b[r];
  return percentileInterval(difference);
}

/**
 * Cluster indices in [0, count): the same numbers as pure-rand's `uniformInt(rng, 0, count - 1)` (rejection sampling
 * on 32-bit outputs, no modulo bias), inlined because the call costs a third of the bootstrap time.
 */
export function indexDrawer(seed: number, count: number): () => number {
  const rng = xoroshiro128plus(seed);
  const limit = drawLimit(count);
  return () => {
    let v = rng.next() + 2147483648;
    while (v >= limit) v = rng.next() + 2147483648;
    return v % count;
  };
}

/** Per-cluster counts as Int32Array (compact, fast to sum); counts must be integers in [0, 2^31). */
function countColumn(values: ArrayLike<number>): Int32Array {
  const column = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v > 2147483647)
      throw new RangeError(`bootstrapRatios: counts must be non-negative integers, got ${v} at cluster ${i}`);
    column[i] = v;
  }
  return column;
}

function sameCounts(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Largest multiple of count not above 2^32: 32-bit outputs at or above it are redrawn. */
function drawLimit(count: number): number {
  return count > 2 ? Math.floor(4294967296 / count) * count : 4294967296;
}

function checkOptions(options: BootstrapOptions): { resamples: number } {
  if (!Number.isInteger(options.resamples) || options.resamples < 1)
    throw new RangeError(`bootstrap: resamples must be a positive integer, got ${options.resamples}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`bootstrap: seed must be an integer, got ${options.seed}`);
  return { resamples: options.resamples };
}

function summarise(values: ArrayLike<number>, resamples: number): BootstrapInterval {
  const sorted = Float64Array.from(values).sort();
  const skipped = resamples - sorted.length;
  if (sorted.length === 0) return { interval: null, skipped };
  return { interval: [quantileSorted(sorted, 0.025) as number, quantileSorted(sorted, 0.975) as number], skipped };
}
