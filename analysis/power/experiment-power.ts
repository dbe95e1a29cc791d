import type { Experiment } from '../../experiments/model.ts';
import { UserError } from '../../experiments/user-error.ts';
import { parseEffect } from './effect.ts';
import { denominators, designFromExperiment, type PowerDesign } from './power-design.ts';
import { spreadProblem } from './participant-rate.ts';
import { simulatePower, type PowerGroup, type PowerOptions } from './simulate-power.ts';
import type { PowerReport } from './power-report.ts';

/**
 * `confiance power` on a loaded experiment: its real design (conditions, control, trials per participant, error
 * schedule) and the effect text (`agreement: none=0.60, feature_importance=0.70`). Conditions the effect does not
 * name get the control's rate: they stay in the Holm family, as in the analysis, with no effect of their own.
 */
export function experimentPower(exp: Experiment, effectText: string, options: PowerOptions): PowerReport {
  return designPower(designFromExperiment(exp), effectText, options);
}

/** The same on a design given directly (tests, or a design that has no experiment file yet). */
export function designPower(design: PowerDesign, effectText: string, options: PowerOptions): PowerReport {
  const effect = parseEffect(effectText, design.conditions, design.control);
  if (effect.metric === 'accuracy_initial' && design.paradigm !== 'two_stage') {
    throw new UserError(`Invalid --effect "${effectText}":`, [`accuracy_initial needs a two-stage paradigm; ${design.experiment} is ${design.paradigm}`]);
  }
  const controlRate = effect.rates.get(design.control) as number;
  const rates = Object.fromEntries(design.conditions.map((c) => [c, effect.rates.get(c) ?? controlRate]));
  const problems = Object.entries(rates).flatMap(([c, p]) => {
    const problem = spreadProblem(p, options.sd);
    return problem ? [`${c}: ${problem}`] : [];
  });
  if (problems.length > 0) throw new UserError('No between-participant spread distribution fits these rates:', problems);

  const groups: PowerGroup[] = design.conditions.map((id) => ({ id, rate: rates[id], denominators: denominators(design, effect.metric, id) }));
  const empty = groups.filter((g) => g.denominators.every((n) => n === 0));
  if (empty.length > 0) {
    throw new UserError(`${effect.metric} is undefined in ${design.experiment}'s design:`, [
      ...empty.map((g) => `condition ${g.id}: no participant has a trial in its denominator (${denominatorName(effect.metric)})`),
    ]);
  }
  const result = simulatePower(groups, design.control, options);
  return {
    experiment: design.experiment,
    design: design.type,
    metric: effect.metric,
    control: design.control,
    rates,
    denominators: Object.fromEntries(groups.map((g) => [g.id, mean(g.denominators)])),
    spread: { scale: 'probability', distribution: 'beta', sd: options.sd },
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
