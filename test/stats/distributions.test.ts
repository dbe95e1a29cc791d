import { describe, expect, it } from 'vitest';
import {
  chiSquareUpperP,
  fUpperP,
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  studentTTwoSidedP,
} from '../../analysis/stats/distributions.ts';
import { logBeta, logGamma } from '../../analysis/stats/log-gamma.ts';
import { hypergeometricLogPmf } from '../../analysis/stats/hypergeometric.ts';
import { regularizedBeta } from '../../analysis/stats/incomplete-beta.ts';
import { regularizedUpperGamma } from '../../analysis/stats/incomplete-gamma.ts';
import { expectClose } from './expect-close.ts';
import { reference } from './reference.ts';

interface TailCase {
  args: number[];
  scipy: number;
  exact?: number;
}

const tails: [string, (...args: number[]) => number][] = [
  ['studentTTwoSidedP', studentTTwoSidedP],
  ['fUpperP', fUpperP],
  ['chiSquareUpperP', chiSquareUpperP],
  ['normalTwoSidedP', normalTwoSidedP],
  ['normalCdf', normalCdf],
];

describe('tail probabilities match mpmath (60 digits) to 1e-10 and SciPy to 1e-9 relative', () => {
  for (const [name, fn] of tails) {
    for (const c of reference[name] as TailCase[]) {
      it(`${name}(${c.args.join(', ')}) = ${c.exact}`, () => {
        const value = fn(...c.args);
        expectClose(value, c.exact as number, 1e-10, 'vs mpmath');
        expectClose(value, c.scipy, 1e-9, 'vs scipy');
      });
    }
  }
});

describe('extreme tails named in the brief', () => {
  it('t = 50 with 3 df is 1.7617152041e-5, not the 0 or 1 of a naive cdf', () => {
    expectClose(studentTTwoSidedP(50, 3), 1.761715204127197e-5, 1e-12);
  });
  it('t = 30 with df = 2e5 keeps 2.7e-197 (jStat.studentt fails above df ~ 1e4)', () => {
    expectClose(studentTTwoSidedP(30, 2e5), 2.699004422186838e-197, 1e-10);
  });
  it('z = -40 underflows to exactly 0 (true value 7.3e-350 is below the smallest double)', () => {
    expect(normalTwoSidedP(-40)).toBe(0);
  });
  it('z = -37 gives 1.1451e-299, a tail jStat.normal.cdf cannot reach', () => {
    expectClose(normalTwoSidedP(-37), 1.1451142445047853e-299, 1e-10);
  });
  it('chi-square 800 with 1 df is 5.3959e-176, not the 0 of 1 - P', () => {
    expectClose(chiSquareUpperP(800, 1), 5.395865611607819e-176, 1e-10);
  });
  it('F = 1e4 on (2, 50) df is tiny but not 0 (jStat.ftest returns 0)', () => {
    const p = fUpperP(1e4, 2, 50);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-60);
  });
  it('the t tail is symmetric in t', () => {
    expect(studentTTwoSidedP(-2.5, 12)).toBe(studentTTwoSidedP(2.5, 12));
  });
});

describe('boundaries and invalid input', () => {
  it('t = 0 gives p = 1, infinite t gives 0, infinite df falls back to the normal', () => {
    expect(studentTTwoSidedP(0, 5)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 5)).toBe(0);
    expect(studentTTwoSidedP(1.959963984540054, Infinity)).toBeCloseTo(0.05, 14);
  });
  it('F <= 0 and chi-square <= 0 give p = 1', () => {
    expect(fUpperP(0, 2, 3)).toBe(1);
    expect(chiSquareUpperP(0, 3)).toBe(1);
  });
  it('NaN statistics and non-positive degrees of freedom give NaN', () => {
    expect(studentTTwoSidedP(Number.NaN, 5)).toBeNaN();
    expect(studentTTwoSidedP(1, 0)).toBeNaN();
    expect(fUpperP(1, -1, 3)).toBeNaN();
    expect(chiSquareUpperP(1, 0)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
  });
  it('normalQuantile(0) and (1) are the infinities', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('normalQuantile matches scipy.stats.norm.ppf to 1e-13 relative', () => {
  for (const c of reference.normalQuantile as TailCase[]) {
    it(`normalQuantile(${c.args[0]}) = ${c.scipy}`, () => {
      if (c.scipy === 0) expect(normalQuantile(c.args[0])).toBe(0);
      else expectClose(normalQuantile(c.args[0]), c.scipy, 1e-13);
    });
  }
  it('round-trips through normalCdf at p = 1e-250', () => {
    expectClose(normalCdf(normalQuantile(1e-250)), 1e-250, 1e-13);
  });
});

describe('special functions', () => {
  for (const c of reference.logGamma as TailCase[])
    it(`logGamma(${c.args[0]}) matches mpmath to 1e-14 absolute-or-relative`, () => {
      const value = logGamma(c.args[0]);
      expect(Math.abs(value - (c.exact as number))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(c.exact as number)));
    });
  for (const c of reference.logBeta as TailCase[])
    it(`logBeta(${c.args.join(', ')}) matches mpmath to 1e-14 absolute-or-relative`, () => {
      const value = logBeta(c.args[0], c.args[1]);
      expect(Math.abs(value - (c.exact as number))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(c.exact as number)));
    });
  for (const c of reference.hypergeometricLogPmf as TailCase[])
    it(`hypergeometricLogPmf(${c.args.join(', ')}) matches mpmath to 1e-12 absolute`, () => {
      expect(Math.abs(hypergeometricLogPmf(c.args[0], c.args[1], c.args[2], c.args[3]) - (c.exact as number))).toBeLessThanOrEqual(1e-12);
    });
  it('hypergeometricLogPmf is -Infinity outside the support', () => {
    expect(hypergeometricLogPmf(5, 1200, 800, 1000)).toBe(-Infinity);
  });
  it('regularizedBeta(0.5; 2, 3) = 11/16 and regularizedUpperGamma(1, x) = exp(-x)', () => {
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 14);
    expectClose(regularizedUpperGamma(1, 30), Math.exp(-30), 1e-13);
    expectClose(regularizedUpperGamma(1, 0.2), Math.exp(-0.2), 1e-14);
  });
});
