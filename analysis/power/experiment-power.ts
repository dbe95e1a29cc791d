import type { Experiment } from '../../experiments/model.ts';
import { UserError } from '../../experiments/user-error.ts';
import { parseEffect } from './effect.ts';
import { denominators, designFromExperiment, type PowerDesign } from './power-design.ts';
import { spreadProblem } from './participant-rate.ts';
import { simulatePower, type PowerGroup, type PowerOptions } from './simulate-power.ts';
import { simulateMixedPower } from './simulate-mixed-power.ts';
import { iccProblem, latentStandardDeviations } from './latent-variance.ts';
import type { PowerReport } from './power-report.ts';

/**
 * `confiance power` on a loaded experiment: its real design (conditions, control, trials per participant, error
 * schedule) and the effect text (`agreement: none=0.60, feature_importance=0.70`). Conditions the effect does not
 * name get the control's rate: they stay in the Holm family, as in the analysis, with no effect of their own.
 */
export function experimentPower(exp: Experiment, effectText: string, options: PowerOptions, test: PlannedTest = WELCH): PowerReport {
  return designPower(designFromExperiment(exp), effectText, options, test);
}

/**
 * The planned test: the participant-level Welch test (Holm across the comparisons), or the mixed model of the
 * analysis with the intraclass correlations of participants and cases on the latent logit scale.
 */
export type PlannedTest = { kind: 'welch' } | { kind: 'mixed'; iccParticipant: number; iccCase: number };
const WELCH: PlannedTest = { kind: 'welch' };

/** The same on a design given directly (tests, or a design that has no experiment file yet). */
export function designPower(design: PowerDesign, effectText: string, options: PowerOptions, test: PlannedTest = WELCH): PowerReport {
  const effect = parseEffect(effectText, design.conditions, design.control);
  if (effect.metric === 'accuracy_initial' && design.paradigm !== 'two_stage') {
    throw new UserError(`Invalid --effect "${effectText}":`, [`accuracy_initial needs a two-stage paradigm; ${design.experiment} is ${design.paradigm}`]);
  }
  const controlRate = effect.rates.get(design.control) as number;
  const rates = Object.fromEntries(design.conditions.map((c) => [c, effect.rates.get(c) ?? controlRate]));
  if (test.kind === 'welch') {
    const problems = Object.entries(rates).flatMap(([c, p]) => {
      const problem = spreadProblem(p, options.sd);
      return problem ? [`${c}: ${problem}`] : [];
    });
    if (problems.length > 0) throw new UserError('No between-participant spread distribution fits these rates:', problems);
  } else {
    const iccWrong = iccProblem(test.iccParticipant, test.iccCase);
    if (iccWrong !== null) throw new UserError('Invalid intraclass correlations for the mixed model:', [iccWrong]);
    const extreme = Object.entries(rates).filter(([, p]) => p <= 0 || p >= 1);
    if (extreme.length > 0)
      throw new UserError(`Invalid --effect "${effectText}" for the mixed model:`, extreme.map(([c, p]) => `${c}: a rate of ${p} has no log-odds; give a rate strictly between 0 and 1`));
    if (design.cases < 2) throw new UserError(`The mixed model needs a case bank of at least 2 cases; ${design.experiment} has ${design.cases}`, []);
  }

  const groups: PowerGroup[] = design.conditions.map((id) => ({ id, rate: rates[id], denominators: denominators(design, effect.metric, id) }));
  const empty = groups.filter((g) => g.denominators.every((n) => n === 0));
  if (empty.length > 0) {
    throw new UserError(`${effect.metric} is undefined in ${design.experiment}'s design:`, [
      ...empty.map((g) => `condition ${g.id}: no participant has a trial in its denominator (${denominatorName(effect.metric)})`),
    ]);
  }
  const result =
    test.kind === 'welch'
      ? simulatePower(groups, design.control, options)
      : simulateMixedPower(groups, design.control, { ...options, iccParticipant: test.iccParticipant, iccCase: test.iccCase, cases: design.cases, within: design.type === 'within' });
  const sd = test.kind === 'mixed' ? latentStandardDeviations(test.iccParticipant, test.iccCase) : null;
  return {
    experiment: design.experiment,
    design: design.type,
    metric: effect.metric,
    control: design.control,
    rates,
    denominators: Object.fromEntries(groups.map((g) => [g.id, mean(g.denominators)])),
    test: test.kind,
    spread:
      test.kind === 'welch' || sd === null
        ? { scale: 'probability', distribution: 'beta', sd: options.sd }
        : { scale: 'logit', distribution: 'normal', icc_participant: test.iccParticipant, icc_case: test.iccCase, sd_participant: sd.participant, sd_case: sd.case, cases: design.cases },
    alpha: options.alpha,
    simulations: options.simulations,
    seed: options.seed,
    result,
  };
}

function denominatorName(metric: string): string {
  if (metric === 'overreliance') return 'trials with wrong AI advice';
  if (metric === 'underreliance') return 'trials with right AI advice';
  return 'decision trials';
}

function mean(values: Int32Array): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length > 0 ? s / values.length : 0;
}
