import { describe, expect, it } from 'vitest';
import * as stats from '../../analysis/stats/index.ts';
import { expectClose, expectPairClose } from './expect-close.ts';

// The worked example in each module's doc comment (values from SciPy; see each comment for the call).
describe('the worked examples of the doc comments hold', () => {
  it('distributions', () => {
    expectClose(stats.studentTTwoSidedP(2, 10), 0.07338803477074037, 1e-13);
    expectClose(stats.fUpperP(3, 2, 20), 0.07253815028640571, 1e-13);
    expectClose(stats.chiSquareUpperP(3.841458820694124, 1), 0.05, 1e-13);
    expectClose(stats.normalTwoSidedP(1.959963984540054), 0.05, 1e-13);
    expectClose(stats.normalCdf(-1.959963984540054), 0.025, 1e-13);
    expectClose(stats.normalQuantile(0.975), 1.959963984540054, 1e-15);
    expectClose(stats.regularizedBeta(0.5, 2, 3), 11 / 16, 1e-14);
    expectClose(stats.regularizedUpperGamma(0.5, 0.5 * 3.841458820694124), 0.05, 1e-13);
    expectClose(stats.logGamma(0.5), 0.5723649429247001, 1e-14);
    expectClose(Math.exp(stats.hypergeometricLogPmf(1, 4, 4, 4)), 16 / 70, 1e-14);
  });
  it('proportions and 2x2 tables', () => {
    expectPairClose(stats.wilsonInterval(8, 10), [0.4901624715366418, 0.9433178485456248], 1e-12);
    expectClose(stats.oddsRatio([[56, 14], [48, 32]]), 2.6666666666666665, 1e-15);
    expectClose(stats.chiSquare2x2([[56, 14], [48, 32]]).chi2, 7.023411371237456, 1e-13);
    expectClose(stats.fisherExactTwoSided([[3, 1], [1, 3]]), 34 / 70, 1e-14);
  });
  it('tests on samples', () => {
    const w = stats.welch([1, 2, 3, 4], [2, 4, 6, 8, 10]);
    expectClose(w.t, -2.2514363231593695, 1e-13);
    expectClose(w.df, 5.520787746170677, 1e-13);
    expectClose(w.p, 0.06913359319239237, 1e-12);
    const mw = stats.mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(mw.U).toBe(0);
    expectClose(mw.p, 0.08085559837005224, 1e-12);
    const a = stats.anova([[1, 2, 3], [4, 5, 6]]);
    expectClose(a.F, 13.5, 1e-13);
    expectClose(a.p, 0.021311641128756713, 1e-12);
    const k = stats.kruskal([[1, 2, 3], [4, 5, 6]]);
    expectClose(k.H, 3.857142857142854, 1e-13);
    expectClose(k.p, 0.049534613435626915, 1e-12);
    const s = stats.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
    expectClose(s.rho, 0.8207826816681233, 1e-13);
    expectClose(s.p, 0.08858700531354384, 1e-12);
  });
  it('within-subjects, equivalence and factorial tests', () => {
    expectClose(stats.studentTUpperP(2, 10), 0.03669401738537018, 1e-12);
    const t = stats.pairedT([2, 4, 6, 9], [1, 3, 6, 5]);
    expectClose(t.t, 1.7320508075688774, 1e-13);
    expectClose(t.p, 0.18169011381620936, 1e-12);
    const w = stats.wilcoxonSignedRank([1, 2, 3, 4, 5], [2, 2, 1, 1, 0]);
    expect([w.W, w.n, w.rank_biserial]).toEqual([1, 4, 0.8]);
    expectClose(w.p, 0.20124262095772394, 1e-12);
    expectClose(stats.friedman([[1, 2, 3], [2, 3, 1], [1, 3, 2], [1, 2, 3]]).p, 0.1737739434504451, 1e-12);
    expectClose(stats.tostPaired([0.5, 0.6, 0.7, 0.55], [0.52, 0.58, 0.69, 0.57], 0.1)!.p, 0.0012523222886143038, 1e-10);
    expectPairClose(stats.hedgesGInterval(0.5, 20, 20), [-0.13044594302554202, 1.130445943025542], 1e-13);
    expectPairClose(stats.pairedEffectInterval(0.5, 20), [0.035153725771578825, 0.9648462742284212], 1e-13);
    const f = stats.factorialAnova([['a', 'x'], ['a', 'y'], ['b', 'x'], ['b', 'y'], ['a', 'x'], ['b', 'y']], [1, 2, 3, 5, 2, 4]);
    f.terms.forEach((term, i) => expectClose(term.sum_sq, [16 / 3, 4 / 3, 1 / 3][i], 1e-12));
    expectClose(f.residual.sum_sq, 1, 1e-12);
    expectClose(stats.leastSquares([[1, 0], [1, 1], [1, 2]], [1, 2, 2]).rss, 1 / 6, 1e-12);
    const rm = stats.rmAnova([[1, 2, 3, 5], [2, 2, 4, 6], [1, 3, 3, 4]], [['a', 'x'], ['a', 'y'], ['b', 'x'], ['b', 'y']], ['A', 'B']);
    rm.forEach((t, i) => expectClose(t.F, [28, 64, 4 / 7][i], 1e-12));
    expectClose(rm[0].p, 0.03390821692070411, 1e-11);
  });
  it('small helpers', () => {
    expect(stats.holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expectClose(stats.cronbachAlpha([[1, 2], [2, 3], [3, 3]]), 0.8571428571428568, 1e-13);
    expectClose(stats.variance([1, 2, 3, 4]), 1.6666666666666667, 1e-15);
    expect(stats.quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(Array.from(stats.averageRanks([10, 20, 20, 30]).ranks)).toEqual([1, 2.5, 2.5, 4]);
    expect(stats.averageRanks([10, 20, 20, 30]).tieTerm).toBe(6);
  });
});
