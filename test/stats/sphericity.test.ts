/**
 * Sphericity corrections of the repeated-measures ANOVA (analysis/stats/sphericity.ts), against R 4.2.2 Patched
 * (2022-11-10 r83330) with car 3.1.1:
 *
 *   library(car)
 *   idata <- data.frame(A = factor(rep(c("a1","a2","a3"), each = 2)), B = factor(rep(c("b1","b2"), 3)))
 *   s <- summary(Anova(lm(Y ~ 1), idata = idata, idesign = ~A*B, type = 3), multivariate = FALSE)
 *   s$univariate.tests; s$sphericity.tests; s$pval.adjustments          # Y: TWO_WAY below, columns = CELLS
 *
 *   id2 <- data.frame(C = factor(c("c1","c2","c3","c4")))
 *   s2 <- summary(Anova(lm(Z ~ 1), idata = id2, idesign = ~C, type = 3), multivariate = FALSE)   # Z: ONE_WAY below
 *
 * printed with options(digits = 15).
 */
import { describe, expect, it } from 'vitest';
import { rmAnova } from '../../analysis/stats/repeated-measures-anova.ts';
import { expectClose } from './expect-close.ts';

const CELLS = [['a1', 'b1'], ['a1', 'b2'], ['a2', 'b1'], ['a2', 'b2'], ['a3', 'b1'], ['a3', 'b2']];
const TWO_WAY = [
  [0.62, 0.55, 0.71, 0.40, 0.80, 0.52],
  [0.45, 0.50, 0.66, 0.48, 0.71, 0.60],
  [0.70, 0.52, 0.90, 0.35, 0.95, 0.41],
  [0.30, 0.41, 0.42, 0.39, 0.55, 0.50],
  [0.55, 0.60, 0.58, 0.62, 0.90, 0.45],
  [0.81, 0.66, 0.86, 0.52, 0.99, 0.70],
  [0.40, 0.38, 0.61, 0.30, 0.62, 0.33],
  [0.66, 0.49, 0.70, 0.57, 0.88, 0.47],
];
const ONE_WAY = TWO_WAY.slice(0, 7).map((row) => row.slice(0, 4));

describe('sphericity of a within-subjects term (= R car 3.1.1)', () => {
  it('3 x 2 design: A and A:B corrected; B (one df) has nothing to correct', () => {
    const terms = rmAnova(TWO_WAY, CELLS, ['A', 'B']);
    expect(terms.map((t) => t.term)).toEqual(['A', 'B', 'A:B']);
    const [a, b, ab] = terms;
    // Uncorrected, as car's univariate tests: F 26.55506 on (2, 14), 17.26630 on (1, 7), 11.08521 on (2, 14).
    expectClose(a.F, 26.55506, 1e-6, 'F A');
    expectClose(ab.F, 11.08521, 1e-6, 'F A:B');
    expect(b.sphericity).toBeNull();
    const sa = a.sphericity!;
    expectClose(sa.epsilon_gg, 0.971985165537257, 1e-10, 'GG A');
    expectClose(sa.epsilon_hf, 1.340158537032096, 1e-10, 'HF A (car reports it above 1)');
    expectClose(sa.p_gg, 2.1868656305853e-05, 1e-9, 'p GG A');
    expectClose(sa.p_hf, 1.71941267978435e-05, 1e-9, 'p HF A (epsilon 1: the uncorrected p)');
    expectClose(sa.p_hf, a.p, 1e-12, 'p HF A = p');
    expectClose(sa.mauchly_w, 0.9711777139652, 1e-10, 'Mauchly W A');
    expectClose(sa.mauchly_p, 0.9160013710426, 1e-10, 'Mauchly p A');
    const sab = ab.sphericity!;
    expectClose(sab.epsilon_gg, 0.714781064314965, 1e-10, 'GG A:B');
    expectClose(sab.epsilon_hf, 0.847015732599715, 1e-10, 'HF A:B');
    expectClose(sab.p_gg, 4.7034959748644e-03, 1e-9, 'p GG A:B');
    expectClose(sab.p_hf, 2.58506961355920e-03, 1e-9, 'p HF A:B');
    expectClose(sab.mauchly_w, 0.6009702132241, 1e-10, 'Mauchly W A:B');
    expectClose(sab.mauchly_p, 0.2170495255600, 1e-10, 'Mauchly p A:B');
  });

  it('one factor of 4 levels: a strong departure (GG 0.41) makes p 0.0252 instead of 0.0021', () => {
    const [c] = rmAnova(ONE_WAY, [['c1'], ['c2'], ['c3'], ['c4']], ['C']);
    expectClose(c.F, 7.30993, 1e-5, 'F');
    expectClose(c.p, 0.0020872, 1e-4, 'p (printed to 5 digits)');
    const s = c.sphericity!;
    expectClose(s.epsilon_gg, 0.411109256516125, 1e-10, 'GG');
    expectClose(s.epsilon_hf, 0.463866198900929, 1e-10, 'HF');
    expectClose(s.p_gg, 0.0251596761252516, 1e-9, 'p GG');
    expectClose(s.p_hf, 0.0199991374459828, 1e-9, 'p HF');
    // The three-df Mauchly p uses the second-order term w2 (zero for two df): checks it is there.
    expectClose(s.mauchly_w, 0.01797909925936, 1e-10, 'Mauchly W');
    expectClose(s.mauchly_p, 0.002436645750518, 1e-10, 'Mauchly p');
  });

  it('does not depend on the order of the cells', () => {
    const order = [5, 2, 0, 3, 1, 4];
    const shuffled = rmAnova(TWO_WAY.map((row) => order.map((i) => row[i])), order.map((i) => CELLS[i]), ['A', 'B']);
    const straight = rmAnova(TWO_WAY, CELLS, ['A', 'B']);
    for (const term of ['A', 'A:B']) {
      const x = shuffled.find((t) => t.term === term)!.sphericity!;
      const y = straight.find((t) => t.term === term)!.sphericity!;
      for (const key of ['epsilon_gg', 'epsilon_hf', 'p_gg', 'mauchly_w', 'mauchly_p'] as const) expectClose(x[key], y[key], 1e-10, `${term} ${key}`);
    }
  });

  it('fewer participants than the term needs for Mauchly: epsilons without Mauchly; GG never below 1/df', () => {
    const [c] = rmAnova(ONE_WAY.slice(0, 3), [['c1'], ['c2'], ['c3'], ['c4']], ['C']);
    const s = c.sphericity!;
    expect(s.mauchly_w).toBeNull();
    expect(s.mauchly_p).toBeNull();
    expect(s.epsilon_gg).toBeGreaterThanOrEqual(1 / 3 - 1e-12);
    expect(s.epsilon_gg).toBeLessThanOrEqual(1);
  });
});
