import type { PowerDesign, PowerMetric } from './power-design.ts';
import type { PowerResult } from './simulate-power.ts';

/** Everything `confiance power` prints: the question asked, the design used and the simulated power. */
export interface PowerReport {
  experiment: string;
  design: PowerDesign['type'];
  metric: PowerMetric;
  control: string;
  /** Expected rate per condition (conditions not named in --effect get the control's rate). */
  rates: Record<string, number>;
  /** Mean denominator of the metric per participant and condition (trials, AI-wrong or AI-right trials). */
  denominators: Record<string, number>;
  spread: { scale: 'probability'; distribution: 'beta'; sd: number };
  alpha: number;
  simulations: number;
  seed: number;
  result: PowerResult;
}

/** The report as JSON (plain numbers, null when a target is not reached in the simulated range). */
export function renderPowerJson(report: PowerReport): string {
  const { result, ...question } = report;
  return JSON.stringify({ ...question, rows: result.rows, targets: result.targets, monte_carlo_se: result.monteCarloSe }, null, 2) + '\n';
}

/** The report as an aligned terminal table, one row per N, then the smallest N reaching 80% and 90%. */
export function renderPowerTable(report: PowerReport): string {
  const { result } = report;
  const compared = Object.keys(result.rows[0]?.comparisons ?? {});
  const perCondition = report.design === 'within' ? 'N (each sees every condition)' : 'N per condition';
  const percent = (p: number | null) => (p === null ? '-' : `${(100 * p).toFixed(1)}%`);
  const header = [perCondition, ...compared.map((c) => `${c} vs ${report.control}`), 'all', 'any'];
  const rows = result.rows.map((r) => [String(r.participants), ...compared.map((c) => percent(r.comparisons[c])), percent(r.all), percent(r.any)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const rateText = Object.entries(report.rates)
    .map(([c, p]) => `${c}=${p}`)
    .join(', ');
  const denominatorText = Object.entries(report.denominators)
    .map(([c, n]) => `${c} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
    .join(', ');
  const reached = (n: number | null) => (n === null ? `not reached up to ${result.rows.at(-1)?.participants}` : String(n));
  const out = [
    `Power of ${report.experiment}: ${report.metric}, Welch t on per-participant ratios vs ${report.control}, Holm-adjusted, alpha ${report.alpha}`,
    `  rates: ${rateText}`,
    `  ${report.metric} denominator per participant (mean): ${denominatorText}`,
    `  spread: each participant's rate ~ Beta(mean p, SD ${report.spread.sd}) on the probability scale; ` +
      `${report.simulations} simulations, seed ${report.seed}, Monte Carlo SE <= ${(100 * result.monteCarloSe).toFixed(1)} points`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    'all: every comparison with a stated effect significant; any: at least one comparison significant.',
  ];
  // Targets are read for the comparisons with a stated effect; without any (a null effect), for every comparison.
  const stated = compared.filter((c) => report.rates[c] !== report.rates[report.control]);
  const shown = stated.length > 0 ? stated : compared;
  for (const t of result.targets) {
    const parts = shown.map((c) => `${c} ${reached(t.comparisons[c])}`);
    if (stated.length > 1) parts.push(`all ${reached(t.all)}`);
    out.push(`Smallest N reaching ${Math.round(100 * t.target)}%: ${parts.join('; ')}`);
  }
  return out.join('\n') + '\n';
}
