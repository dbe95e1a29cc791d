/** Monte Carlo power of the Holm-adjusted Welch test: size under the null, monotone power, the analytic case. */
import { describe, expect, it } from 'vitest';
import { simulatePower, type PowerGroup } from '../../analysis/power/simulate-power.ts';

function group(id: string, rate: number, trials: number): PowerGroup {
  return { id, rate, denominators: Int32Array.of(trials) };
}

/** Three Monte Carlo standard errors of a proportion p estimated from S simulations. */
function mcTolerance(p: number, simulations: number): number {
  return 3 * Math.sqrt((p * (1 - p)) / simulations);
}

describe('simulatePower', () => {
  it('rejects a true null at the nominal rate alpha (two conditions, one comparison)', () => {
    const S = 4000;
    const result = simulatePower([group('none', 0.6, 20), group('shown', 0.6, 20)], 'none', {
      participants: [50],
      simulations: S,
      sd: 0.1,
      alpha: 0.05,
      seed: 7,
    });
    expect(Math.abs(result.rows[0].comparisons.shown - 0.05)).toBeLessThan(mcTolerance(0.05, S));
    expect(result.rows[0].all).toBeNull();
    expect(result.rows[0].any).toBe(result.rows[0].comparisons.shown);
  });

  it('keeps the family-wise rate at or below alpha under a null with three comparisons (Holm)', () => {
    const S = 4000;
    const groups = ['none', 'a', 'b', 'c'].map((id) => group(id, 0.3, 5));
    const result = simulatePower(groups, 'none', { participants: [40], simulations: S, sd: 0.1, alpha: 0.05, seed: 3 });
    expect(result.rows[0].any).toBeLessThan(0.05 + mcTolerance(0.05, S));
  });

  it('gives power that increases with the number of participants', () => {
    const result = simulatePower([group('none', 0.6, 20), group('shown', 0.7, 20)], 'none', {
      participants: [10, 30, 60, 120],
      simulations: 1000,
      sd: 0.1,
      alpha: 0.05,
      seed: 1,
    });
    const powers = result.rows.map((r) => r.comparisons.shown);
    for (let i = 1; i < powers.length; i++) expect(powers[i]).toBeGreaterThan(powers[i - 1]);
    expect(powers[0]).toBeLessThan(0.4);
    expect(powers[3]).toBeGreaterThan(0.95);
  });

  it('matches the normal-approximation power of a two-sample test within Monte Carlo error', () => {
    // Per-participant ratio variance: sd^2 + (p (1 - p) - sd^2) / n (Beta rate, then Binomial count).
    // Reference, SciPy 1.17.1:
    //   v0 = .15**2 + (.5*.5 - .15**2)/10; v1 = .15**2 + (.57*.43 - .15**2)/10; d = .07/np.sqrt((v0 + v1)/100)
    //   stats.norm.cdf(d - stats.norm.ppf(.975)) + stats.norm.cdf(-d - stats.norm.ppf(.975))  -> 0.6455237926376968
    //   (the noncentral t with df 198 gives 0.6413, so the normal approximation is within 0.005 here)
    const analytic = 0.6455237926376968;
    const S = 4000;
    const result = simulatePower([group('none', 0.5, 10), group('shown', 0.57, 10)], 'none', {
      participants: [100],
      simulations: S,
      sd: 0.15,
      alpha: 0.05,
      seed: 11,
    });
    expect(Math.abs(result.rows[0].comparisons.shown - analytic)).toBeLessThan(mcTolerance(analytic, S) + 0.005);
  });

  it('is deterministic for a seed, differs across seeds, and a size does not depend on the other sizes asked', () => {
    const groups = [group('none', 0.6, 20), group('a', 0.7, 20), group('b', 0.65, 20)];
    const options = { participants: [20, 40], simulations: 300, sd: 0.1, alpha: 0.05, seed: 5 };
    const first = simulatePower(groups, 'none', options);
    expect(simulatePower(groups, 'none', options)).toEqual(first);
    expect(simulatePower(groups, 'none', { ...options, seed: 6 }).rows).not.toEqual(first.rows);
    const alone = simulatePower(groups, 'none', { ...options, participants: [40] });
    expect(alone.rows[0]).toEqual(first.rows[1]);
  });

  it('reports all (every stated effect significant) at most as often as each stated comparison', () => {
    const groups = [group('none', 0.5, 10), group('a', 0.65, 10), group('b', 0.62, 10)];
    const { rows } = simulatePower(groups, 'none', { participants: [40], simulations: 500, sd: 0.1, alpha: 0.05, seed: 2 });
    const row = rows[0];
    expect(row.all).not.toBeNull();
    expect(row.all!).toBeLessThanOrEqual(Math.min(row.comparisons.a, row.comparisons.b));
    expect(row.any).toBeGreaterThanOrEqual(Math.max(row.comparisons.a, row.comparisons.b));
  });

  it('gives the smallest simulated N reaching 80% and 90%, or null when the range never does', () => {
    const groups = [group('none', 0.6, 20), group('shown', 0.7, 20)];
    const { rows, targets } = simulatePower(groups, 'none', { participants: [10, 20, 40, 80], simulations: 500, sd: 0.1, alpha: 0.05, seed: 1 });
    const first = (t: number) => rows.find((r) => r.comparisons.shown >= t)?.participants ?? null;
    expect(targets.map((t) => t.target)).toEqual([0.8, 0.9]);
    expect(targets[0].comparisons.shown).toBe(first(0.8));
    expect(targets[1].comparisons.shown).toBe(first(0.9));
    expect(targets[0].comparisons.shown).not.toBeNull();
    const small = simulatePower(groups, 'none', { participants: [5], simulations: 200, sd: 0.1, alpha: 0.05, seed: 1 });
    expect(small.targets[0].comparisons.shown).toBeNull();
  });

  it('leaves out participants whose denominator is 0, as the analysis does', () => {
    // Half the participants see no wrong advice: about half as many defined ratios, so less power than all defined.
    const mixed: PowerGroup[] = [
      { id: 'none', rate: 0.5, denominators: Int32Array.of(0, 6) },
      { id: 'shown', rate: 0.3, denominators: Int32Array.of(0, 6) },
    ];
    const full = [group('none', 0.5, 6), group('shown', 0.3, 6)];
    const options = { participants: [40], simulations: 1000, sd: 0.1, alpha: 0.05, seed: 4 };
    const withZeros = simulatePower(mixed, 'none', options).rows[0].comparisons.shown;
    const allDefined = simulatePower(full, 'none', options).rows[0].comparisons.shown;
    const halfSize = simulatePower(full, 'none', { ...options, participants: [20] }).rows[0].comparisons.shown;
    expect(withZeros).toBeLessThan(allDefined - 0.1);
    expect(Math.abs(withZeros - halfSize)).toBeLessThan(0.1);
  });
});
