import { mean, standardDeviation } from '../stats/mean-sd.ts';
import { cronbachAlpha } from '../stats/cronbach-alpha.ts';
import { spearman } from '../stats/spearman.ts';
import { holm } from '../stats/holm.ts';
import { welchOrNull, mannWhitneyOrNull } from '../compare.ts';
import type { ScaleResult, ScaleCorrelation } from '../result.ts';
import { subscaleItemValues, type ScaleAnswers } from './scale-answers.ts';

/** Per-participant reliance ratios a scale score is correlated with (METRICS.md section 4). */
type ParticipantRatioLookup = ReadonlyMap<string, ReadonlyMap<string, number>>;

const CORRELATED_METRICS = ['agreement', 'rair', 'rsr'] as const;

/**
 * Every subscale of every answered scale: per condition mean, SD and Cronbach's alpha over participants with
 * complete answers; each condition against the control (Welch, Mann-Whitney, Holm across conditions); and the
 * Spearman correlation of the score with per-participant agreement, RAIR and RSR over all conditions pooled.
 * Participants absent from the analysed trials (unknown condition, or every trial excluded) are left out.
 */
export function summariseScales(
  scales: ScaleAnswers,
  conditionOf: ReadonlyMap<string, string>,
  conditions: readonly string[],
  control: string,
  ratios: ParticipantRatioLookup,
): ScaleResult[] {
  const results: ScaleResult[] = [];
  for (const definition of scales.definitions) {
    const answers = scales.answers.get(definition.id)!;
    for (const [subscaleName, subscale] of Object.entries(definition.subscales)) {
      const matrices = new Map<string, number[][]>(conditions.map((c) => [c, []]));
      const scores = new Map<string, number[]>(conditions.map((c) => [c, []]));
      const scoreOf = new Map<string, number>();
      for (const [participant, values] of answers) {
        const condition = conditionOf.get(participant);
        if (condition === undefined) continue;
        const items = subscaleItemValues(definition, subscale, values);
        if (items === null) continue;
        const score = mean(items)!;
        matrices.get(condition)!.push(items);
        scores.get(condition)!.push(score);
        scoreOf.set(participant, score);
      }
      const controlScores = scores.get(control)!;
      const comparisons = conditions
        .filter((c) => c !== control)
        .map((condition) => {
          const a = scores.get(condition)!;
          const mA = mean(a);
          const mB = mean(controlScores);
          return {
            condition,
            control,
            difference: mA === null || mB === null ? null : mA - mB,
            welch: welchOrNull(a, controlScores),
            mann_whitney: mannWhitneyOrNull(a, controlScores),
            p_holm: null as number | null,
          };
        });
      holm(comparisons.map((c) => c.welch?.p ?? null)).forEach((p, i) => (comparisons[i].p_holm = p));
      results.push({
        scale: definition.id,
        subscale: subscaleName,
        source: definition.source,
        wording: definition.wording,
        items: subscale.items,
        reversed: subscale.reverse ? subscale.items.filter((i) => definition.reversed.includes(i)) : [],
        conditions: conditions.map((condition) => ({
          condition,
          n: scores.get(condition)!.length,
          mean: mean(scores.get(condition)!),
          sd: standardDeviation(scores.get(condition)!),
          alpha: cronbachAlpha(matrices.get(condition)!),
        })),
        comparisons,
        correlations: CORRELATED_METRICS.map((metric) => correlate(metric, scoreOf, ratios.get(metric))),
      });
    }
  }
  return results;
}

function correlate(
  metric: string,
  scoreOf: ReadonlyMap<string, number>,
  ratioOf: ReadonlyMap<string, number> | undefined,
): ScaleCorrelation {
  const x: number[] = [];
  const y: number[] = [];
  if (ratioOf !== undefined) {
    for (const [participant, score] of scoreOf) {
      const ratio = ratioOf.get(participant);
      if (ratio === undefined) continue;
      x.push(score);
      y.push(ratio);
    }
  }
  const r = spearman(x, y);
  return { metric, rho: r.rho, p: r.p, n: x.length };
}
