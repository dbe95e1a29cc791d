/** Monte Carlo power of the mixed model (--test mixed): latent variances from ICCs, the ICC-0 analytic case, seeds. */
import { describe, expect, it } from 'vitest';
import { iccProblem, latentStandardDeviations } from '../../analysis/power/latent-variance.ts';
import { simulateMixedPower, type MixedPowerOptions } from '../../analysis/power/simulate-mixed-power.ts';
import { designPower } from '../../analysis/power/experiment-power.ts';
import type { PowerDesign } from '../../analysis/power/power-design.ts';
import type { PowerGroup } from '../../analysis/power/simulate-power.ts';
import { UserError } from '../../experiments/user-error.ts';

const group = (id: string, rate: number, trials: number): PowerGroup => ({ id, rate, denominators: Int32Array.of(trials) });

/** Options of a between-subjects run at alpha 0.05 on a bank of 40 cases, with what a test changes. */
const mixedOptions = (changes: Partial<MixedPowerOptions> & Pick<MixedPowerOptions, 'participants' | 'simulations' | 'seed'>): MixedPowerOptions => ({
  alpha: 0.05,
  iccParticipant: 0,
  iccCase: 0,
  cases: 40,
  within: false,
  ...changes,
});

describe('random-intercept SDs from intraclass correlations (latent logit scale)', () => {
  it('gives sigma^2 = ICC / (1 - ICC_p - ICC_c) * pi^2 / 3', () => {
    // Python 3.11: math.sqrt(0.2 / 0.7 * math.pi**2 / 3) = 0.9695165413304058, math.sqrt(0.1 / 0.7 * math.pi**2 / 3) = 0.6855517208472576
    const sd = latentStandardDeviations(0.2, 0.1);
    expect(sd.participant).toBeCloseTo(0.9695165413304058, 14);
    expect(sd.case).toBeCloseTo(0.6855517208472576, 14);
    // Back to the ICC: sigma_p^2 / (sigma_p^2 + sigma_c^2 + pi^2/3).
    const total = sd.participant ** 2 + sd.case ** 2 + Math.PI ** 2 / 3;
    expect(sd.participant ** 2 / total).toBeCloseTo(0.2, 14);
    expect(latentStandardDeviations(0, 0)).toEqual({ participant: 0, case: 0 });
  });
  it('refuses an ICC outside [0, 1) and ICCs summing to 1 or more, naming the option', () => {
    expect(iccProblem(-0.1, 0)).toMatch(/--icc-participant must be at least 0 and below 1, found -0.1/);
    expect(iccProblem(0.1, 1)).toMatch(/--icc-case must be at least 0 and below 1/);
    expect(iccProblem(0.6, 0.4)).toMatch(/must be below 1 .* found 1/);
    expect(iccProblem(0.3, 0.2)).toBeNull();
  });
});

describe('simulateMixedPower', () => {
  it('with both ICCs 0, equals the two-proportion Wald power of the log odds ratio', () => {
    // 20 participants per condition x 10 trials, rates 0.50 and 0.65, alpha 0.05. Analytic power of the Wald z on the
    // log odds ratio with n = 200 trials per group (python3 /usr/bin, SciPy 1.10.1, statsmodels 0.13.5):
    //   d = log(.65/.35) - log(1) = 0.6190392084062235, se = sqrt(1/(200*.5*.5) + 1/(200*.65*.35)) = 0.2048853874194594,
    //   norm.cdf(d/se - norm.ppf(.975)) + norm.cdf(-d/se - norm.ppf(.975)) = 0.8557527532680259
    //   = NormalIndPower().power(effect_size=(d/se)/sqrt(100), nobs1=200, alpha=0.05, ratio=1) = 0.8557527532680257.
    // The mixed model fitted to such data estimates both variances near 0 and tests the same log odds ratio.
    const S = 200;
    const result = simulateMixedPower([group('none', 0.5, 10), group('shown', 0.65, 10)], 'none', mixedOptions({ participants: [20], simulations: S, seed: 11 }));
    const power = result.rows[0].comparisons.shown;
    expect(Math.abs(power - 0.8557527532680259)).toBeLessThan(3 * Math.sqrt((0.8557 * 0.1443) / S));
    const [lo, hi] = result.rows[0].intervals.shown;
    expect(lo).toBeLessThan(power);
    expect(hi).toBeGreaterThan(power);
    expect(result.rows[0].fits!.failed).toBe(0);
  }, 60_000);

  it('reproduces a run from its seed and changes with another seed', () => {
    const run = (seed: number) =>
      simulateMixedPower(
        [group('none', 0.55, 8), group('a', 0.7, 8), group('b', 0.55, 8)],
        'none',
        mixedOptions({ participants: [6, 10], simulations: 8, seed, iccParticipant: 0.15, iccCase: 0.05, cases: 30 }),
      );
    const first = run(5);
    expect(run(5)).toEqual(first);
    expect(run(6).rows.map((r) => r.comparisons)).not.toEqual(first.rows.map((r) => r.comparisons));
    expect(first.rows.map((r) => r.participants)).toEqual([6, 10]);
    // The unstated comparison (b = control rate) is not in "all"; "all" is the stated one alone here.
    first.rows.forEach((r) => expect(r.all).toBe(r.comparisons.a));
  }, 60_000);

  it('fits within-subjects studies (each participant in every condition) and has power growing with N', () => {
    const result = simulateMixedPower(
      [group('none', 0.5, 12), group('shown', 0.75, 12)],
      'none',
      mixedOptions({ participants: [4, 40], simulations: 30, seed: 2, iccParticipant: 0.2, iccCase: 0.05, cases: 24, within: true }),
    );
    expect(result.rows[1].comparisons.shown).toBeGreaterThan(result.rows[0].comparisons.shown);
    expect(result.rows[1].comparisons.shown).toBeGreaterThan(0.9);
  }, 60_000);
});

describe('designPower with the mixed model', () => {
  const design: PowerDesign = {
    experiment: 'toy',
    type: 'between',
    paradigm: 'two_stage',
    conditions: ['none', 'shown'],
    control: 'none',
    plans: { none: [{ trials: 10, aiWrong: 3 }], shown: [{ trials: 10, aiWrong: 3 }] },
    cases: 30,
  };
  const options = { participants: [5], simulations: 3, sd: 0.1, alpha: 0.05, seed: 1 };
  it('takes an odds ratio to the control rate and reports the ICCs and the latent SDs', () => {
    const report = designPower(design, 'agreement: none=0.6, shown=OR 1.5', options, { kind: 'mixed', iccParticipant: 0.2, iccCase: 0.1 });
    expect(report.rates.shown).toBeCloseTo((1.5 * 1.5) / (1 + 1.5 * 1.5), 14); // odds 0.6/0.4 = 1.5, times OR 1.5
    expect(report.test).toBe('mixed');
    expect(report.spread).toMatchObject({ scale: 'logit', icc_participant: 0.2, icc_case: 0.1, cases: 30 });
  });
  it('refuses impossible ICCs, a rate of 0 or 1, and an odds ratio for the control, with the reason', () => {
    const mixed = (p: number, c: number) => ({ kind: 'mixed' as const, iccParticipant: p, iccCase: c });
    const problemsOf = (effect: string, test = mixed(0.1, 0.1)): string => {
      try {
        designPower(design, effect, options, test);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as UserError).format();
      }
      return 'accepted';
    };
    expect(problemsOf('agreement: none=0.6, shown=0.7', mixed(0.7, 0.3))).toMatch(/--icc-participant \+ --icc-case must be below 1/);
    expect(problemsOf('agreement: none=0.6, shown=1')).toMatch(/shown: a rate of 1 has no log-odds/);
    expect(problemsOf('agreement: none=OR 2, shown=0.7')).toMatch(/the control "none" needs a rate, not an odds ratio/);
    expect(problemsOf('agreement: none=0.6, shown=OR x')).toMatch(/odds ratio "OR x" of "shown" is not a positive number/);
    expect(problemsOf('agreement: none=0.6, shown=OR 0')).toMatch(/odds ratio "OR 0" of "shown" is not a positive number/);
  });
});
