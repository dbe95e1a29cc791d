import { describe, expect, it } from 'vitest';
import { crossedDesign } from '../../../analysis/stats/glmm/crossed-design.ts';
import { factorCrossed } from '../../../analysis/stats/glmm/crossed-cholesky.ts';
import { choleskyInPlace, choleskyInverse, choleskyLogDet, choleskySolveInPlace } from '../../../analysis/stats/glmm/dense-cholesky.ts';
import { buildDesignMatrix, fixedEffectsFormula } from '../../../analysis/stats/glmm/design-matrix.ts';
import { bfgs } from '../../../analysis/stats/glmm/bfgs.ts';
import { hessianFromGradient } from '../../../analysis/stats/glmm/gradient-hessian.ts';
import { laplaceDeviance } from '../../../analysis/stats/glmm/laplace-deviance.ts';
import { laplaceGradient } from '../../../analysis/stats/glmm/laplace-gradient.ts';
import { bernoulliDeviance, binomialDevianceOfExp, logistic, logisticOfExp } from '../../../analysis/stats/glmm/logistic.ts';
import { binomialRows } from '../../../analysis/stats/glmm/binomial-rows.ts';
import { BetaSlope } from '../../../analysis/stats/glmm/beta-slope.ts';
import { pirls } from '../../../analysis/stats/glmm/pirls.ts';
import { fitGlmer } from '../../../analysis/stats/glmm/glmer.ts';
import { lambdaZtVector } from '../../../analysis/stats/glmm/random-effects-product.ts';

/** A small crossed design: 7 participants, 4 cases, some cells repeated, some empty; deterministic weights. */
function smallDesign() {
  const participant = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 4, 4, 5, 5, 6, 6, 6, 0]);
  const cases = Int32Array.from([0, 1, 2, 0, 3, 1, 2, 3, 0, 2, 0, 1, 3, 2, 1, 0, 3, 0]);
  const w = Float64Array.from(participant, (_, i) => 0.05 + ((i * 37) % 19) / 80);
  return { participant, cases, w, design: crossedDesign(participant, cases, 7, 4) };
}

/** A = Lambda' Z' W Z Lambda + I built densely, the brute-force definition the structured factor must equal. */
function denseA(participant: Int32Array, cases: Int32Array, w: Float64Array, tp: number, tc: number): number[][] {
  const q = 7 + 4;
  const a = Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j) => (i === j ? 1 : 0)));
  participant.forEach((p, i) => {
    const z = new Array<number>(q).fill(0);
    z[p] = tp;
    z[7 + cases[i]] = tc;
    for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) a[r][c] += w[i] * z[r] * z[c];
  });
  return a;
}

function flat(a: number[][]): Float64Array {
  return Float64Array.from(a.flat());
}

describe('dense Cholesky (Golub & Van Loan algorithm 4.2.1)', () => {
  it('factors [[4, 2], [2, 3]] into [[2, 0], [1, sqrt 2]], log det = log 8', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    expect(choleskyInPlace(a, 2)).toBe(true);
    expect([a[0], a[2], a[3]]).toEqual([2, 1, Math.SQRT2]);
    expect(choleskyLogDet(a, 2)).toBeCloseTo(Math.log(8), 14);
    const b = Float64Array.from([2, 1]);
    choleskySolveInPlace(a, 2, b); // [[4,2],[2,3]] x = [2,1] -> x = [0.5, 0]
    expect(b[0]).toBeCloseTo(0.5, 14);
    expect(b[1]).toBeCloseTo(0, 14);
    const inv = choleskyInverse(a, 2); // inverse = [[3, -2], [-2, 4]] / 8
    expect([...inv].map((v) => v * 8)).toEqual([3, -2, -2, 4].map((v) => expect.closeTo(v, 12)));
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });
});

describe('crossed factor of Lambda\' Z\' W Z Lambda + I equals the dense computation', () => {
  for (const [tp, tc] of [[0.8, 1.3], [0, 0.7], [1.1, 0]] as const)
    it(`theta = (${tp}, ${tc}): log det, solve and leverages`, () => {
      const { participant, cases, w, design } = smallDesign();
      const factor = factorCrossed(design, tp, tc, w)!;
      const a = denseA(participant, cases, w, tp, tc);
      const l = flat(a);
      choleskyInPlace(l, 11);
      expect(factor.logDet).toBeCloseTo(choleskyLogDet(l, 11), 12);
      const r = Float64Array.from({ length: 11 }, (_, i) => Math.sin(i + 1));
      const x = factor.solve(r);
      a.forEach((row, i) => expect(row.reduce((s, v, j) => s + v * x[j], 0)).toBeCloseTo(r[i], 12));
      const inv = choleskyInverse(l, 11);
      const h = factor.leverages().cell;
      participant.forEach((p, i) => {
        const c = 7 + cases[i];
        const expected = tp * tp * inv[p * 11 + p] + tc * tc * inv[c * 11 + c] + 2 * tp * tc * inv[p * 11 + c];
        expect(h[design.cellOfTrial[i]]).toBeCloseTo(expected, 12);
      });
    });
  it('groups repeated (participant, case) trials into one cell', () => {
    const { design } = smallDesign();
    expect(design.cellOfTrial[0]).toBe(design.cellOfTrial[17]);
    expect(design.cellDense.length).toBe(17);
  });
});

describe('binomial logit family', () => {
  it('deviance residual is -2 log mu for y = 1 and -2 log(1 - mu) for y = 0, finite at |eta| = 800', () => {
    expect(bernoulliDeviance(1, 0)).toBeCloseTo(2 * Math.log(2), 15);
    expect(bernoulliDeviance(1, 1.5)).toBeCloseTo(-2 * Math.log(logistic(1.5)), 14);
    expect(bernoulliDeviance(0, 1.5)).toBeCloseTo(-2 * Math.log(1 - logistic(1.5)), 14);
    expect(bernoulliDeviance(0, 800)).toBe(1600);
    expect(bernoulliDeviance(1, 800)).toBe(0);
    expect(logistic(-800)).toBe(0);
    for (const eta of [-30, -1.5, 0, 0.7, 12])
      for (const y of [0, 1]) {
        const e = Math.exp(-Math.abs(eta));
        expect(logisticOfExp(eta, e)).toBeCloseTo(logistic(eta), 15);
        expect(binomialDevianceOfExp(y, 1, eta, e)).toBeCloseTo(bernoulliDeviance(y, eta), 13);
      }
  });
  it('deviance of k successes in m trials is the sum of their m Bernoulli deviances', () => {
    for (const eta of [-3, 0.4, 25]) {
      const e = Math.exp(-Math.abs(eta));
      expect(binomialDevianceOfExp(2, 5, eta, e)).toBeCloseTo(2 * bernoulliDeviance(1, eta) + 3 * bernoulliDeviance(0, eta), 12);
    }
  });
});

describe('PIRLS conditional modes', () => {
  it('reaches the zero of the penalised-deviance gradient, Lambda\' Z\' (y - mu) = u', () => {
    const { design } = smallDesign();
    const y = Uint8Array.from({ length: design.n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const offset = new Float64Array(design.n).fill(-0.3);
    const data = { successes: Float64Array.from(y), size: new Float64Array(design.n).fill(1), x: [], design };
    const modes = pirls(data, offset, 1.2, 0.9, new Float64Array(11))!;
    expect(modes.converged).toBe(true);
    const score = lambdaZtVector(design, 1.2, 0.9, Float64Array.from(y, (v, i) => v - modes.mu[i]));
    score.forEach((s, k) => expect(s - modes.u[k]).toBeCloseTo(0, 6));
    expect(modes.laplaceDeviance).toBeCloseTo(modes.penalisedDeviance + modes.factor.logDet, 12);
  });
});

describe('design matrix with treatment contrasts (R model.matrix names and order)', () => {
  it('names a 3 x 2 interaction as R 4.2 does, the first factor varying fastest', () => {
    // R: a <- factor(c("x","y","z","x","y","x")); b <- factor(c("p","p","p","q","q","q")); colnames(model.matrix(~a*b))
    //   (Intercept) ay az bq ay:bq az:bq ; qr(X, tol = 1e-7) keeps all but az:bq (the cell z.q is empty).
    const a = { name: 'a', levels: ['x', 'y', 'z'], codes: Int32Array.from([0, 1, 2, 0, 1, 0]) };
    const b = { name: 'b', levels: ['p', 'q'], codes: Int32Array.from([0, 0, 0, 1, 1, 1]) };
    const x = buildDesignMatrix({ factors: [a, b], interaction: true, covariates: [] }, 6);
    expect(x.names).toEqual(['(Intercept)', 'ay', 'az', 'bq', 'ay:bq']);
    expect(x.dropped).toEqual(['az:bq']);
    expect([...x.columns[4]]).toEqual([0, 0, 0, 0, 1, 0]);
    expect(fixedEffectsFormula({ factors: [a, b], interaction: true, covariates: [] })).toBe('a * b');
  });
  it('orders a three-way interaction as R: a, b, c, a:b, a:c, b:c, a:b:c', () => {
    // R: colnames(model.matrix(~a3*b3*c3)) with two levels each.
    const f = (name: string, levels: string[], codes: number[]) => ({ name, levels, codes: Int32Array.from(codes) });
    const x = buildDesignMatrix(
      {
        factors: [f('a3', ['x', 'y'], [0, 1, 0, 1, 0, 1, 0, 1]), f('b3', ['p', 'q'], [0, 0, 1, 1, 0, 0, 1, 1]), f('c3', ['m', 'n'], [0, 0, 0, 0, 1, 1, 1, 1])],
        interaction: true,
        covariates: [],
      },
      8,
    );
    expect(x.names).toEqual(['(Intercept)', 'a3y', 'b3q', 'c3n', 'a3y:b3q', 'a3y:c3n', 'b3q:c3n', 'a3y:b3q:c3n']);
    expect(x.dropped).toEqual([]);
    expect([...x.columns[7]]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  });
  it('adds covariates after the factors and drops a level with no trial', () => {
    const condition = { name: 'condition', levels: ['control', 'a', 'b'], codes: Int32Array.from([0, 1, 0, 1]) };
    const position = { name: 'position', values: Float64Array.from([-1, 0, 1, 2]) };
    const x = buildDesignMatrix({ factors: [condition], interaction: false, covariates: [position] }, 4);
    expect(x.names).toEqual(['(Intercept)', 'conditiona', 'position']);
    expect(x.dropped).toEqual(['conditionb']);
    expect(fixedEffectsFormula({ factors: [condition], interaction: false, covariates: [position] })).toBe('condition + position');
  });
});

describe('BFGS', () => {
  const options = { gradientTolerance: 1e-9, fTolerance: 0, xTolerance: 0, maxIterations: 500, initialStep: 0.5, maxStep: 10 };
  const rosenbrock = ([x, y]: number[]) => ({
    value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
    gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
  });
  it('finds the minimum (1, -2) of (x - 1)^2 + 10 (y + 2)^2', () => {
    const result = bfgs(([x, y]) => ({ value: (x - 1) ** 2 + 10 * (y + 2) ** 2, gradient: [2 * (x - 1), 20 * (y + 2)] }), [4, 3], options);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(-2, 8);
  });
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const result = bfgs(rosenbrock, [-1.2, 1], options);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });
  it('reports no convergence when the iteration budget runs out', () => {
    expect(bfgs(rosenbrock, [-1.2, 1], { ...options, maxIterations: 3 }).converged).toBe(false);
  });
});

describe('Hessian from central differences of the gradient', () => {
  it('is exact for a quadratic f = x\'Hx/2 + b\'x', () => {
    const h = [[4, 1, 0], [1, 3, -0.5], [0, -0.5, 2]];
    const gradient = (x: number[]) => h.map((row, i) => row.reduce((s, v, j) => s + v * x[j], 0) + [1, 0, -1][i]);
    const got = hessianFromGradient(gradient, [0.3, -0.2, 1]);
    h.forEach((row, i) => row.forEach((v, j) => expect(got[i][j]).toBeCloseTo(v, 9)));
  });
});

describe('gradient of the Laplace deviance (laplace-gradient.ts) equals central differences of D', () => {
  const { design } = smallDesign();
  const y = Uint8Array.from({ length: design.n }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0));
  const x = [new Float64Array(design.n).fill(1), Float64Array.from({ length: design.n }, (_, i) => (i % 2 === 0 ? 1 : 0))];
  const data = { successes: Float64Array.from(y), size: new Float64Array(design.n).fill(1), x, design };
  const u0 = new Float64Array(11);
  const deviance = (ts: number, td: number, beta: number[]) => laplaceDeviance(data, ts, td, beta, u0)!.laplaceDeviance;
  for (const [ts, td] of [[0.9, 1.4], [0.4, 0]] as const)
    it(`at theta = (${ts}, ${td}), beta = (0.2, -0.5)`, () => {
      const beta = [0.2, -0.5];
      const modes = laplaceDeviance(data, ts, td, beta, u0)!;
      const g = laplaceGradient(data, ts, td, modes, modes.factor.leverages());
      const d = 1e-5;
      expect(g.theta().sparse).toBeCloseTo((deviance(ts + d, td, beta) - deviance(ts - d, td, beta)) / (2 * d), 5);
      expect(g.theta().dense).toBeCloseTo((deviance(ts, td + d, beta) - deviance(ts, td - d, beta)) / (2 * d), 5);
      beta.forEach((_, j) => {
        const plus = [...beta];
        const minus = [...beta];
        plus[j] += d;
        minus[j] -= d;
        expect(g.beta[j]).toBeCloseTo((deviance(ts, td, plus) - deviance(ts, td, minus)) / (2 * d), 5);
      });
    });
});

describe('binomial rows (trials of one participant, case and covariate row grouped)', () => {
  const { participant, cases, design } = smallDesign();
  const y = Uint8Array.from({ length: design.n }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0));
  // Trials 0 and 17 share participant 0, case 0 and (below) their covariate row; trial 8 (participant 2, case 0) does not.
  const x = [new Float64Array(design.n).fill(1), Float64Array.from({ length: design.n }, (_, i) => (i === 17 ? 0 : i % 2))];
  it('groups only trials with the same participant, case and row of X, counting successes and trials', () => {
    const rows = binomialRows(y, x, participant, cases, 7, 4);
    expect(rows.size.length).toBe(design.n - 1);
    const grouped = rows.size.findIndex((m) => m === 2);
    expect([rows.participant[grouped], rows.case[grouped], rows.successes[grouped]]).toEqual([0, 0, y[0] + y[17]]);
    expect(rows.successes.reduce((s, v) => s + v, 0)).toBe(y.reduce((s, v) => s + v, 0));
  });
  it('keeps trials apart when their covariates differ', () => {
    const byTrial = [x[0], Float64Array.from({ length: design.n }, (_, i) => i / 10)];
    expect(binomialRows(y, byTrial, participant, cases, 7, 4).size.every((m) => m === 1)).toBe(true);
  });
  it('gives the same Laplace deviance and gradient as the ungrouped trials', () => {
    const rows = binomialRows(y, x, participant, cases, 7, 4);
    const grouped = { successes: rows.successes, size: rows.size, x: rows.x, design: crossedDesign(rows.participant, rows.case, 7, 4) };
    const single = { successes: Float64Array.from(y), size: new Float64Array(design.n).fill(1), x, design };
    const beta = [0.3, -0.4];
    const a = laplaceDeviance(grouped, 0.8, 1.1, beta, new Float64Array(11))!;
    const b = laplaceDeviance(single, 0.8, 1.1, beta, new Float64Array(11))!;
    expect(a.laplaceDeviance).toBeCloseTo(b.laplaceDeviance, 10);
    const ga = laplaceGradient(grouped, 0.8, 1.1, a, a.factor.leverages());
    const gb = laplaceGradient(single, 0.8, 1.1, b, b.factor.leverages());
    ga.beta.forEach((g, j) => expect(g).toBeCloseTo(gb.beta[j], 9));
    expect(ga.theta().sparse).toBeCloseTo(gb.theta().sparse, 9);
    expect(ga.theta().dense).toBeCloseTo(gb.theta().dense, 9);
  });
});

describe('secant slope of the profiled beta in theta (beta-slope.ts)', () => {
  it('predicts a linear beta~(theta) exactly after two evaluations along each direction', () => {
    // beta~(theta) = (1 + 2 theta_1 - theta_2, 0.5 theta_2): the Broyden update recovers J along the steps taken.
    const betaOf = (t: [number, number]) => Float64Array.from([1 + 2 * t[0] - t[1], 0.5 * t[1]]);
    const slope = new BetaSlope(2);
    const path: [number, number][] = [[0.5, 0.5], [1, 0.5], [1, 1]];
    for (let i = 1; i < path.length; i++) slope.update(betaOf(path[i - 1]), path[i - 1], betaOf(path[i]), path[i]);
    const predicted = slope.predict(betaOf([1, 1]), [1, 1], [1.5, 2]);
    expect([...predicted]).toEqual([...betaOf([1.5, 2])].map((v) => expect.closeTo(v, 12)));
  });
  it('predicts no change before any slope is known or from the GLM start', () => {
    const slope = new BetaSlope(1);
    slope.update(Float64Array.of(0.2), [0, 0], Float64Array.of(0.9), [1, 1]);
    expect(slope.predict(Float64Array.of(0.9), [1, 1], [2, 2])[0]).toBe(0.9);
  });
});

describe('the search for theta started from a subsample of participants (many participants)', () => {
  it('ends at the same fit as the search from (1, 1)', () => {
    // 6,000 participants x 4 trials on 30 cases, participant SD 0.8, case SD 0.5, two conditions: a deterministic
    // pseudo-random data set (a linear congruential generator), fitted with and without the subsample start.
    let state = 12345;
    const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    const nP = 6000;
    const caseEffect = Array.from({ length: 30 }, () => 0.5 * normal());
    const participant: number[] = [];
    const cases: number[] = [];
    const condition: number[] = [];
    const y: number[] = [];
    for (let p = 0; p < nP; p++) {
      const b = 0.8 * normal();
      for (let t = 0; t < 4; t++) {
        const c = Math.floor(uniform() * 30);
        const eta = -0.2 + 0.4 * (p % 2) + b + caseEffect[c];
        participant.push(p);
        cases.push(c);
        condition.push(p % 2);
        y.push(uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
      }
    }
    const fixed = buildDesignMatrix({ factors: [{ name: 'condition', levels: ['a', 'b'], codes: Int32Array.from(condition) }], interaction: false, covariates: [] }, y.length);
    const input = { y: Uint8Array.from(y), fixed, participant: Int32Array.from(participant), case: Int32Array.from(cases), nParticipants: nP, nCases: 30 };
    const fromSubsample = fitGlmer(input, { subsampleAbove: 5000 });
    const fromOne = fitGlmer(input, { subsampleAbove: Infinity });
    expect(fromSubsample.converged && fromOne.converged).toBe(true);
    expect(fromSubsample.loglik).toBeCloseTo(fromOne.loglik, 5);
    fromSubsample.fixed.forEach((term, j) => {
      expect(term.estimate).toBeCloseTo(fromOne.fixed[j].estimate, 4);
      expect(term.se / fromOne.fixed[j].se).toBeCloseTo(1, 3);
    });
    expect(fromSubsample.random.participant_id).toBeCloseTo(fromOne.random.participant_id, 3);
    expect(fromSubsample.random.case_id).toBeCloseTo(fromOne.random.case_id, 3);
  }, 60_000);
});
