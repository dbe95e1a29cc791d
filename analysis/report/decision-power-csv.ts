/**
 * The decision-power rows of the long-format CSV report: `decision_power` rows per condition (the three ratios with
 * k, n, value, Wilson interval and participant mean; the justifications' mean in `value` and median as a row of its
 * own), and `decision_power_factorial` rows like the `factorial` ones (sum of squares in `value`, F in `statistic`).
 */
import type { AnalysisResult } from '../result.ts';
import type { ReportCsvRow } from './csv.ts';

const RATIOS = ['override_rate', 'override_appropriate', 'acceptance_appropriate'] as const;

export function decisionPowerCsvRows(result: AnalysisResult): ReportCsvRow[] {
  const power = result.decision_power;
  if (!power) return [];
  const rows: ReportCsvRow[] = [];
  for (const c of power.conditions) {
    for (const metric of RATIOS) {
      const m = c[metric];
      rows.push({
        type: 'decision_power', metric, condition: c.condition, k: m.k, n: m.n, value: m.value, wilson_lo: m.wilson?.[0], wilson_hi: m.wilson?.[1],
        participant_mean: m.participant_mean, participants_defined: m.participants_defined, participants_undefined: m.participants_undefined,
      });
    }
    for (const metric of ['justification_chars', 'justification_ms'] as const) {
      rows.push({ type: 'decision_power', metric: `${metric}_mean`, condition: c.condition, n: c[metric].n, value: c[metric].mean });
      rows.push({ type: 'decision_power', metric: `${metric}_median`, condition: c.condition, n: c[metric].n, value: c[metric].median });
    }
  }
  const f = power.factorial;
  if (f) {
    for (const t of f.terms) rows.push({ type: 'decision_power_factorial', metric: f.metric, term: t.term, value: t.sum_sq, statistic: t.F, df: t.df, p: t.p, n: f.n });
    if (f.residual) rows.push({ type: 'decision_power_factorial', metric: f.metric, term: 'residual', value: f.residual.sum_sq, df: f.residual.df, n: f.n });
  }
  return rows;
}
