/**
 * Calibration of the self-assessed competence item (`self_competence`, after He, Kuiper & Gadiraju 2023): per
 * participant, difference = estimated share of right decisions (the answer / 100) - actual share, the actual share
 * being the accuracy of their own unaided decisions (`accuracy_initial`, two-stage) or else of their final decisions
 * (`accuracy_final`). Per condition: n, mean estimate, mean actual accuracy, mean and SD (n - 1) of the difference,
 * and how many over-estimated (difference >= 0.05), under-estimated (<= -0.05) or were within half a mark (the item's
 * marks are 10 points apart). He et al. relate over-estimation to under-reliance on the AI.
 * Example: estimate 70, 8 right of 10 -> difference 0.7 - 0.8 = -0.1 (under-estimated).
 */
import { mean, standardDeviation } from '../stats/mean-sd.ts';
import type { SelfAssessmentResult } from '../result.ts';
import type { ScaleAnswers } from './scale-answers.ts';

const SCALE = 'self_competence';
const ITEM = 'competence_1';
const WITHIN = 0.05;

export function selfAssessmentCalibration(
  scales: ScaleAnswers,
  conditionOf: ReadonlyMap<string, string>,
  conditions: readonly string[],
  ratios: ReadonlyMap<string, ReadonlyMap<string, number>>,
): SelfAssessmentResult | null {
  const answers = scales.answers.get(SCALE);
  if (answers === undefined) return null;
  const initial = ratios.get('accuracy_initial');
  const final = ratios.get('accuracy_final');
  const groups = new Map(conditions.map((c) => [c, [] as { estimate: number; actual: number }[]]));
  for (const [participant, items] of answers) {
    const estimate = items.get(ITEM);
    const condition = conditionOf.get(participant);
    const actual = initial?.get(participant) ?? final?.get(participant);
    if (estimate === undefined || condition === undefined || actual === undefined) continue;
    groups.get(condition)?.push({ estimate: estimate / 100, actual });
  }
  return {
    actual: initial !== undefined && initial.size > 0 ? 'accuracy_initial' : 'accuracy_final',
    conditions: conditions.map((condition) => {
      const rows = groups.get(condition)!;
      const differences = rows.map((r) => r.estimate - r.actual);
      return {
        condition,
        n: rows.length,
        estimate: mean(rows.map((r) => r.estimate)),
        actual: mean(rows.map((r) => r.actual)),
        difference: mean(differences),
        sd: standardDeviation(differences),
        overestimated: differences.filter((d) => d >= WITHIN - 1e-12).length,
        underestimated: differences.filter((d) => d <= -WITHIN + 1e-12).length,
        within: differences.filter((d) => Math.abs(d) < WITHIN - 1e-12).length,
      };
    }),
  };
}
