import { describe, expect, it } from 'vitest';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  bootstrapRatio,
  bootstrapRatios,
  clusterBootstrap,
  indexDrawer,
  resampleRatios,
  percentileInterval,
  differenceInterval,
} from '../../analysis/stats/bootstrap.ts';
import { expectPairClose } from './expect-close.ts';

interface Participant {
  k: number;
  n: number;
}

const pooledRatio = (clusters: Participant[][]): number | null => {
  let k = 0;
  let n = 0;
  for (const [p] of clusters) {
    k += p.k;
    n += p.n;
  }
  return n > 0 ? k / n : null;
};

const ks = [3, 5, 0, 7, 2, 9, 4, 4, 6, 1];
const ns = [10, 10, 8, 10, 5, 12, 10, 9, 10, 4];

describe('clusterBootstrap and bootstrapRatio', () => {
  it('are deterministic: the same seed gives the same interval', () => {
    const first = bootstrapRatio(ks, ns, { resamples: 500, seed: 7 });
    const second = bootstrapRatio(ks, ns, { resamples: 500, seed: 7 });
    expect(second).toEqual(first);
    expect(first.skipped).toBe(0);
  });
  it('different seeds give different intervals', () => {
    const a = bootstrapRatio(ks, ns, { resamples: 500, seed: 1 }).interval;
    const b = bootstrapRatio(ks, ns, { resamples: 500, seed: 2 }).interval;
    expect(a).not.toEqual(b);
  });
  it('the interval brackets the pooled ratio', () => {
    const [lo, hi] = bootstrapRatio(ks, ns, { resamples: 2000, seed: 3 }).interval as [number, number];
    const pooled = ks.reduce((s, x) => s + x, 0) / ns.reduce((s, x) => s + x, 0);
    expect(lo).toBeLessThan(pooled);
    expect(hi).toBeGreaterThan(pooled);
  });
  it('draws the same indices as pure-rand uniformInt(xoroshiro128plus(seed), 0, count - 1)', () => {
    const draw = indexDrawer(42, 13);
    const rng = xoroshiro128plus(42);
    for (let i = 0; i < 1000; i++) expect(draw()).toBe(uniformInt(rng, 0, 12));
  });
  it('the generic and the pre-aggregated versions agree exactly for the same seed', () => {
    const clusters = ks.map((k, i) => [{ k, n: ns[i] }]);
    const generic = clusterBootstrap(clusters, pooledRatio, { resamples: 300, seed: 11 });
    expect(bootstrapRatio(ks, ns, { resamples: 300, seed: 11 })).toEqual(generic);
  });
  it('bootstrapRatios reuses one set of resampled indices for every metric', () => {
    const other = { k: ns.map((n, i) => n - ks[i]), n: ns };
    const [first, second] = bootstrapRatios([{ k: ks, n: ns }, other], { resamples: 400, seed: 5 });
    expect(first).toEqual(bootstrapRatio(ks, ns, { resamples: 400, seed: 5 }));
    // The complement metric's interval is the mirror image, which holds only if both saw the same resamples.
    expect(second.interval?.[0]).toBeCloseTo(1 - (first.interval as [number, number])[1], 12);
    expect(second.interval?.[1]).toBeCloseTo(1 - (first.interval as [number, number])[0], 12);
  });
  it('metrics with equal denominators (summed once per resample) give the intervals each would give alone', () => {
    const other = ns.map((n, i) => Math.min(n, ks[i] + 1));
    const third = { k: ns.map((n) => Math.floor(n / 2)), n: ns.map((n) => n + 1) };
    const together = bootstrapRatios([{ k: ks, n: ns }, { k: other, n: [...ns] }, third], { resamples: 300, seed: 4 });
    expect(together).toEqual([
      bootstrapRatio(ks, ns, { resamples: 300, seed: 4 }),
      bootstrapRatio(other, ns, { resamples: 300, seed: 4 }),
      bootstrapRatio(third.k, third.n, { resamples: 300, seed: 4 }),
    ]);
  });
  it('skips and counts resamples whose denominator is 0', () => {
    // Only the first of 4 clusters has trials: a resample misses it with probability (3/4)^4 = 0.316.
    const result = bootstrapRatio([1, 0, 0, 0], [2, 0, 0, 0], { resamples: 2000, seed: 9 });
    expect(result.skipped).toBeGreaterThan(520);
    expect(result.skipped).toBeLessThan(750);
    expect(result.interval).toEqual([0.5, 0.5]);
    const clusters = [[{ k: 1, n: 2 }], [{ k: 0, n: 0 }], [{ k: 0, n: 0 }], [{ k: 0, n: 0 }]];
    expect(clusterBootstrap(clusters, pooledRatio, { resamples: 2000, seed: 9 }).skipped).toBe(result.skipped);
  });
  it('gives a null interval when every resample is undefined or there is no cluster', () => {
    expect(bootstrapRatio([0, 0], [0, 0], { resamples: 50, seed: 1 })).toEqual({ interval: null, skipped: 50 });
    expect(bootstrapRatio([], [], { resamples: 50, seed: 1 })).toEqual({ interval: null, skipped: 50 });
    expect(clusterBootstrap([], () => 1, { resamples: 50, seed: 1 })).toEqual({ interval: null, skipped: 50 });
  });
  it('reports progress after each resample', () => {
    const calls: [number, number][] = [];
    bootstrapRatio(ks, ns, { resamples: 5, seed: 1, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
  });
  it('rejects a non-integer seed or a resample count below 1', () => {
    expect(() => bootstrapRatio(ks, ns, { resamples: 0, seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapRatio(ks, ns, { resamples: 10, seed: 0.5 })).toThrow(RangeError);
    expect(() => bootstrapRatios([{ k: [1], n: [1, 2] }], { resamples: 10, seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapRatio([0.5], [1], { resamples: 10, seed: 1 })).toThrow(/non-negative integers/);
  });
});

describe('coverage', () => {
  it('the 95% percentile interval covers a known participant-level rate in 90-99% of simulated studies', () => {
    // 200 studies of 40 participants x 10 trials; each participant's own rate varies around 0.3 (0.15 or 0.45).
    const rng = xoroshiro128plus(2026);
    const truth = 0.3;
    let covered = 0;
    const studies = 200;
    for (let s = 0; s < studies; s++) {
      const k = new Int32Array(40);
      const n = new Int32Array(40).fill(10);
      for (let i = 0; i < 40; i++) {
        const rate = uniformFloat64(rng) < 0.5 ? 0.15 : 0.45;
        for (let t = 0; t < 10; t++) if (uniformFloat64(rng) < rate) k[i]++;
      }
      const [lo, hi] = bootstrapRatio(k, n, { resamples: 400, seed: s }).interval as [number, number];
      if (lo <= truth && truth <= hi) covered++;
    }
    expect(covered / studies).toBeGreaterThanOrEqual(0.9);
    expect(covered / studies).toBeLessThanOrEqual(0.99);
  });
});

describe('resampleRatios and differenceInterval', () => {
  it('differenceInterval: percentiles of A - B resample by resample, undefined resamples skipped and counted', () => {
    const a = Float64Array.from([0.5, 0.6, NaN, 0.7, 0.55, 0.62, 0.58, 0.71]);
    const b = Float64Array.from([0.4, 0.45, 0.5, NaN, 0.52, 0.41, 0.39, 0.5]);
    // numpy 2.4.6: d = a - b without NaN; np.percentile(d, 2.5), np.percentile(d, 97.5)
    const got = differenceInterval(a, b);
    expect(got.skipped).toBe(2);
    expectPairClose(got.interval, [0.03875000000000002, 0.21000000000000002], 1e-12);
  });
  it('resampleRatios keeps every resample in draw order (NaN when undefined): its summary is bootstrapRatios', () => {
    const metrics = [{ k: [1, 0, 2, 0], n: [2, 0, 2, 1] }];
    const options = { resamples: 300, seed: 9 };
    const values = resampleRatios(metrics, options)[0];
    expect(values.length).toBe(300);
    const direct = bootstrapRatios(metrics, options)[0];
    expect(percentileInterval(values)).toEqual(direct);
    expect(Array.from(values).filter(Number.isNaN).length).toBe(direct.skipped);
  });
});
