/**
 * Decision-power outcomes (issue 14, item 7), per condition, over the analysed trials of decision-power conditions
 * (rows with `last_word`; excluded trials left out). With h1 the final decision, a the AI's advice, y the truth,
 * labels compared as strings:
 *
 *   override_rate           k = [h1 != a]                    n = trials
 *   override_appropriate    k = [h1 != a AND a != y]          n = overrides       (share of overrides where the AI was wrong)
 *   acceptance_appropriate  k = [h1 == a AND a == y]          n = acceptances     (share of acceptances where the AI was right)
 *   justification           the accepted justifications: count, characters and time on their page (mean, median)
 *
 * Each ratio has its Wilson 95% interval (`wilsonInterval`) and the mean of the participants' own ratios
 * (participants with n = 0 left out and counted). override_rate = 1 - agreement of docs/ANALYSIS.md section 2, whose
 * participant-level tests (Welch, factorial ANOVA) therefore also test it. With two factors or more, `factorial`
 * is the type II ANOVA of the participants' override rates = R `car::Anova(lm(rate ~ A * B), type = 2)`.
 */
import { wilsonInterval } from '../stats/wilson.ts';
import { mean } from '../stats/mean-sd.ts';
import { quantileSorted } from '../stats/percentile.ts';
import type { TrialRow } from '../input/trial-row.ts';
import type { FactorialResult } from '../result.ts';
import { factorialEffects } from './factorial-effects.ts';

export interface DecisionPowerRatio {
  k: number;
  n: number;
  value: number | null;
  wilson: [number, number] | null;
  participant_mean: number | null;
  participants_defined: number;
  participants_undefined: number;
}

export interface Spread {
  n: number;
  mean: number | null;
  median: number | null;
}

export interface DecisionPowerCondition {
  condition: string;
  /** Who had the last word in this condition's trials (`mixed` if the data says both). */
  last_word: 'agent' | 'ai' | 'mixed';
  /** Characters an override's justification needed; null when none was asked. */
  justify_min_chars: number | null;
  participants: number;
  trials: number;
  override_rate: DecisionPowerRatio;
  override_appropriate: DecisionPowerRatio;
  acceptance_appropriate: DecisionPowerRatio;
  justification_chars: Spread;
  justification_ms: Spread;
}

export interface DecisionPowerResult {
  conditions: DecisionPowerCondition[];
  /** Type II ANOVA of per-participant override rates on the factors; null with fewer than two factors. */
  factorial: FactorialResult | null;
}

interface Counts {
  k: number;
  n: number;
}

interface ConditionTally {
  lastWords: Set<'agent' | 'ai'>;
  minChars: number | null;
  /** Per participant: trials, overrides, overrides with the AI wrong, acceptances with the AI right. */
  participants: Map<string, { trials: number; overrides: number; overridesAiWrong: number; acceptancesAiRight: number }>;
  chars: number[];
  ms: number[];
}

/** Collects the decision-power trials as they stream in (only per-participant counters and justification figures). */
export class DecisionPowerTally {
  private readonly byCondition = new Map<string, ConditionTally>();

  add(row: TrialRow): void {
    const power = row.decisionPower;
    if (!power || row.exclusion !== null) return;
    let c = this.byCondition.get(row.condition);
    if (!c) this.byCondition.set(row.condition, (c = { lastWords: new Set(), minChars: null, participants: new Map(), chars: [], ms: [] }));
    c.lastWords.add(power.lastWord);
    if (power.justifyMinChars !== null) c.minChars = Math.max(c.minChars ?? 0, power.justifyMinChars);
    let p = c.participants.get(row.participantId);
    if (!p) c.participants.set(row.participantId, (p = { trials: 0, overrides: 0, overridesAiWrong: 0, acceptancesAiRight: 0 }));
    const overridden = row.final !== row.aiAdvice;
    const aiRight = row.aiAdvice === row.truth;
    p.trials++;
    if (overridden) {
      p.overrides++;
      if (!aiRight) p.overridesAiWrong++;
    } else if (aiRight) p.acceptancesAiRight++;
    if (overridden && power.justificationChars !== null) c.chars.push(power.justificationChars);
    if (overridden && power.justificationMs !== null) c.ms.push(power.justificationMs);
  }

  /** Null when no trial had a decision-power setting. `levels`: each condition's factor levels, for `factorial`. */
  finish(conditionOrder: readonly string[], factors: readonly string[], levels: ReadonlyMap<string, readonly string[]>): DecisionPowerResult | null {
    if (this.byCondition.size === 0) return null;
    const order = [...conditionOrder.filter((c) => this.byCondition.has(c)), ...[...this.byCondition.keys()].filter((c) => !conditionOrder.includes(c))];
    const conditions = order.map((name) => summarise(name, this.byCondition.get(name)!));
    const cells = order
      .filter((name) => levels.has(name))
      .map((name) => ({ levels: levels.get(name)!, ratios: [...this.byCondition.get(name)!.participants.values()].map((p) => p.overrides / p.trials) }));
    const factorial = cells.length === order.length ? factorialEffects('override_rate', factors, cells) : null;
    return { conditions, factorial };
  }
}

function summarise(condition: string, c: ConditionTally): DecisionPowerCondition {
  const people = [...c.participants.values()];
  const trials = people.reduce((s, p) => s + p.trials, 0);
  const ratio = (per: (p: (typeof people)[number]) => Counts) => decisionPowerRatio(people.map(per));
  return {
    condition,
    last_word: c.lastWords.size === 1 ? [...c.lastWords][0] : 'mixed',
    justify_min_chars: c.minChars,
    participants: people.length,
    trials,
    override_rate: ratio((p) => ({ k: p.overrides, n: p.trials })),
    override_appropriate: ratio((p) => ({ k: p.overridesAiWrong, n: p.overrides })),
    acceptance_appropriate: ratio((p) => ({ k: p.acceptancesAiRight, n: p.trials - p.overrides })),
    justification_chars: spread(c.chars),
    justification_ms: spread(c.ms),
  };
}

/** Pooled k/n with its Wilson interval, and the mean of the participants' own k/n (n = 0 left out, counted). */
export function decisionPowerRatio(perParticipant: readonly Counts[]): DecisionPowerRatio {
  const k = perParticipant.reduce((s, p) => s + p.k, 0);
  const n = perParticipant.reduce((s, p) => s + p.n, 0);
  const defined = perParticipant.filter((p) => p.n > 0).map((p) => p.k / p.n);
  return {
    k,
    n,
    value: n === 0 ? null : k / n,
    wilson: n === 0 ? null : wilsonInterval(k, n),
    participant_mean: mean(defined),
    participants_defined: defined.length,
    participants_undefined: perParticipant.length - defined.length,
  };
}

/** Count, mean and median (type 7 quantile, as numpy.median) of a list of figures. */
function spread(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, mean: mean(sorted), median: quantileSorted(sorted, 0.5) };
}
