/** The decision-power section of the HTML report: override rates and their appropriateness per condition. */
import type { AnalysisResult } from '../result.ts';
import { barChart } from './charts/bar-chart.ts';

/** The section's charts (their numbers are in the decision-power tables of the Tables section); '' without data. */
export function decisionPowerFigures(result: AnalysisResult): string {
  const power = result.decision_power;
  if (!power) return '';
  const note = 'bars: pooled value; whiskers: Wilson 95% interval (trial-level, descriptive)';
  const chart = (title: string, key: 'override_rate' | 'override_appropriate' | 'acceptance_appropriate') =>
    barChart(title, power.conditions.map((c) => ({ label: c.condition, value: c[key].value, interval: c[key].wilson })), note);
  const charts = [
    chart('Override rate (final decision differs from the advice)', 'override_rate'),
    chart('Appropriate overrides (the AI was wrong)', 'override_appropriate'),
    chart('Appropriate acceptances (the AI was right)', 'acceptance_appropriate'),
  ];
  return (
    `<div class="charts">${charts.map((svg) => `<figure>${svg}</figure>`).join('')}</div>` +
    '<p class="note">The numbers of these charts, the justifications (length, time) and the factorial ANOVA of the override rates are in the decision-power tables of the Tables section.</p>'
  );
}
