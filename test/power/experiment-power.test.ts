/** `confiance power` on the bundled studies: the design read from the study, and the command as a user runs it. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import type { Experiment } from '../../experiments/model.ts';
import { denominators, designFromExperiment } from '../../analysis/power/power-design.ts';
import { designPower, experimentPower } from '../../analysis/power/experiment-power.ts';
import { UserError } from '../../experiments/user-error.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const study = (id: string) => join(ROOT, 'experiments', 'studies', id, 'experiment.yaml');

async function confiance(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/confiance.js', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the design of a study', () => {
  let signaux: Experiment;
  let inondation: Experiment;
  beforeAll(async () => {
    signaux = await loadExperiment(study('signaux-faibles'));
    inondation = await loadExperiment(study('risque-inondation'));
  });

  it('takes trials per participant and the exact error schedule of a simulated advisor (between subjects)', () => {
    // signaux-faibles: 20 decision trials, advisor.errors 5, four conditions, control none.
    const design = designFromExperiment(signaux);
    expect(design.type).toBe('between');
    expect(design.control).toBe('none');
    expect(design.conditions).toEqual(['none', 'confidence', 'feature_importance', 'counterfactual']);
    expect([...denominators(design, 'agreement', 'none')]).toEqual([20]);
    expect([...denominators(design, 'overreliance', 'none')]).toEqual([5]);
    expect([...denominators(design, 'underreliance', 'counterfactual')]).toEqual([15]);
  });

  it('splits the trials into blocks in a within-subjects study', () => {
    // risque-inondation: 16 trials in 2 blocks of 8, 2 wrong advices per block.
    const design = designFromExperiment(inondation);
    expect(design.type).toBe('within');
    expect([...denominators(design, 'agreement', 'feature_importance')]).toEqual([8]);
    expect([...denominators(design, 'overreliance', 'feature_importance')]).toEqual([2]);
  });

  it('samples the planned counts when the advice comes from the case bank', async () => {
    // aide-exceptionnelle: advisor.source case_bank, 15 trials, the wrong advices depend on the cases drawn.
    const exp = await loadExperiment(study('aide-exceptionnelle'));
    const design = designFromExperiment(exp, 30);
    const wrong = [...denominators(design, 'overreliance', 'none+outil')];
    expect(wrong).toHaveLength(30);
    expect(new Set(wrong).size).toBeGreaterThan(1);
    expect([...denominators(design, 'agreement', 'none+outil')].every((n) => n === 15)).toBe(true);
  });

  it('gives unnamed conditions the control rate and keeps them in the Holm family', () => {
    const report = experimentPower(signaux, 'agreement: none=0.6, feature_importance=0.75', {
      participants: [30],
      simulations: 200,
      sd: 0.1,
      alpha: 0.05,
      seed: 1,
    });
    expect(report.rates).toEqual({ none: 0.6, confidence: 0.6, feature_importance: 0.75, counterfactual: 0.6 });
    expect(Object.keys(report.result.rows[0].comparisons)).toEqual(['confidence', 'feature_importance', 'counterfactual']);
    expect(report.denominators).toEqual({ none: 20, confidence: 20, feature_importance: 20, counterfactual: 20 });
    expect(report.result.rows[0].all).toBe(report.result.rows[0].comparisons.feature_importance);
  });

  it('refuses a spread too wide for a stated rate, naming the condition', () => {
    const attempt = () =>
      experimentPower(signaux, 'agreement: none=0.6, confidence=0.99', { participants: [30], simulations: 10, sd: 0.2, alpha: 0.05, seed: 1 });
    expect(attempt).toThrow(UserError);
    expect(() => {
      try {
        attempt();
      } catch (error) {
        throw new Error((error as UserError).format());
      }
    }).toThrow('confidence: with a rate of 0.99, --sd must be below sqrt(p (1 - p)) = 0.0995, found 0.2');
  });

  it('refuses accuracy_initial in a one-stage study', async () => {
    const exp = await loadExperiment(study('aide-exceptionnelle'));
    const attempt = () =>
      designPower(designFromExperiment(exp, 5), 'accuracy_initial: none+outil=0.6', { participants: [30], simulations: 10, sd: 0.1, alpha: 0.05, seed: 1 });
    expect(attempt).toThrow(UserError);
    expect(() => {
      try {
        attempt();
      } catch (error) {
        throw new Error((error as UserError).format());
      }
    }).toThrow('accuracy_initial needs a two-stage paradigm; aide-exceptionnelle is one_stage');
  });
});

// Child processes start the CLI (tsx) each time: slow on a loaded machine.
describe('confiance power', { timeout: 90_000 }, () => {
  it('prints the power table of a bundled study by id, and the smallest N reaching 80% and 90%', async () => {
    const { code, stdout } = await confiance(
      'power', 'signaux-faibles', '--effect', 'agreement: none=0.60, feature_importance=0.70',
      '--participants', '20..100', 'step', '40', '--simulations', '200',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Power of signaux-faibles: agreement, Welch t on per-participant ratios vs none, Holm-adjusted, alpha 0.05');
    expect(stdout).toMatch(/N per condition\s+confidence vs none\s+feature_importance vs none\s+counterfactual vs none\s+all\s+any/);
    expect(stdout.split('\n').filter((l) => /^\s+(20|60|100)\s/.test(l))).toHaveLength(3);
    expect(stdout).toMatch(/Smallest N reaching 80%: feature_importance \d+/);
    expect(stdout).toMatch(/Smallest N reaching 90%: feature_importance /);
  });

  it('writes the same numbers as JSON for the same seed, from a file path', async () => {
    const args = ['--effect', 'overreliance: none=0.5, counterfactual=0.3', '--participants', '30,60', '--simulations', '200', '--format', 'json'];
    const first = await confiance('power', 'experiments/studies/signaux-faibles/experiment.yaml', ...args);
    const again = await confiance('power', 'signaux-faibles', ...args);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(json).toEqual(JSON.parse(again.stdout));
    expect(json.metric).toBe('overreliance');
    expect(json.denominators.none).toBe(5);
    expect(json.spread).toEqual({ scale: 'probability', distribution: 'beta', sd: 0.1 });
    expect(json.rows.map((r: { participants: number }) => r.participants)).toEqual([30, 60]);
    expect(json.targets.map((t: { target: number }) => t.target)).toEqual([0.8, 0.9]);
  });

  it('exits 1 with the expected form of --effect and no stack trace', async () => {
    const { code, stdout, stderr } = await confiance('power', 'signaux-faibles', '--effect', 'agreement none 0.6');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Invalid --effect "agreement none 0.6":\n' +
        '  - expected "<metric>: <condition>=<rate>, <condition>=<rate>", e.g. "agreement: none=0.60, feature_importance=0.70", ' +
        'or an odds ratio to the control\'s rate, e.g. "agreement: none=0.60, feature_importance=OR 1.5"\n',
    );
  });

  it('--test mixed: prints the mixed-model power with its Monte Carlo intervals on a within-subjects study', async () => {
    // risque-inondation: within subjects, 2 conditions of 8 trials each; 4 simulated studies per N (a quick run).
    const { code, stdout } = await confiance(
      'power', 'risque-inondation', '--test', 'mixed', '--effect', 'agreement: none=0.6, feature_importance=OR 2',
      '--participants', '10,30', '--simulations', '4', '--icc-participant', '0.2', '--icc-case', '0.05', '--format', 'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.test).toBe('mixed');
    expect(json.spread).toMatchObject({ scale: 'logit', distribution: 'normal', icc_participant: 0.2, icc_case: 0.05 });
    expect(json.rates.feature_importance).toBeCloseTo(0.75, 12); // odds 1.5 x 2 = 3
    expect(json.rows.map((r: { participants: number }) => r.participants)).toEqual([10, 30]);
    for (const row of json.rows) {
      const [lo, hi] = row.intervals.feature_importance;
      expect(lo).toBeLessThanOrEqual(row.comparisons.feature_importance);
      expect(hi).toBeGreaterThanOrEqual(row.comparisons.feature_importance);
      expect(row.fits.failed + row.fits.not_converged).toBeLessThanOrEqual(4);
    }
  }, 120_000);

  it('--test mixed: exits 1 on ICC options without the mixed test, an ICC out of range, or an unknown test', async () => {
    const effect = ['--effect', 'agreement: none=0.6, feature_importance=0.7'];
    const iccWithoutMixed = await confiance('power', 'signaux-faibles', ...effect, '--icc-participant', '0.2');
    expect(iccWithoutMixed.code).toBe(1);
    expect(iccWithoutMixed.stderr).toContain('--icc-participant and --icc-case apply to the mixed model:');
    const outOfRange = await confiance('power', 'signaux-faibles', ...effect, '--test', 'mixed', '--icc-case', '1.5');
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.stderr).toContain('Invalid --icc-case "1.5":\n  - expected a number from 0 up to (not including) 1');
    const sumTooLarge = await confiance('power', 'signaux-faibles', ...effect, '--test', 'mixed', '--icc-case', '0.5', '--icc-participant', '0.5');
    expect(sumTooLarge.code).toBe(1);
    expect(sumTooLarge.stderr).toContain('--icc-participant + --icc-case must be below 1');
    const unknown = await confiance('power', 'signaux-faibles', ...effect, '--test', 'anova');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Unknown --test "anova":\n  - expected one of welch, mixed\n');
  }, 60_000);

  it('exits 1 naming an unknown study id', async () => {
    const { code, stderr } = await confiance('power', 'no-such-study', '--effect', 'agreement: none=0.6');
    expect(code).toBe(1);
    expect(stderr).toContain('No experiment "no-such-study":');
    expect(stderr).not.toContain('    at ');
  });
});
