import type { PowerDesign, PowerMetric } from './power-design.ts';
import type { PowerResult, PowerRow } from './simulate-power.ts';

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
  /** welch: participant-level Welch t, Holm-adjusted; mixed: the mixed model's Wald z of each condition term. */
  test: 'welch' | 'mixed';
  /** welch: each participant's rate ~ Beta; mixed: normal random intercepts on the logit scale from the ICCs. */
  spread:
    | { scale: 'probability'; distribution: 'beta'; sd: number }
    | {
        scale: 'logit';
        distribution: 'normal';
        icc_participant: number;
        icc_case: number;
        sd_participant: number;
        sd_case: number;
        cases: number;
      };
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
  // The mixed model's fewer, slower simulations: each power with its 95 % Monte Carlo (Wilson) interval.
  const withInterval = (r: PowerRow, c: string) =>
    report.test === 'mixed' ? `${percent(r.comparisons[c])} [${(100 * r.intervals[c][0]).toFixed(1)}, ${(100 * r.intervals[c][1]).toFixed(1)}]` : percent(r.comparisons[c]);
  const rows = result.rows.map((r) => [String(r.participants), ...compared.map((c) => withInterval(r, c)), percent(r.all), percent(r.any)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const rateText = Object.entries(report.rates)
    .map(([c, p]) => `${c}=${Number(p.toFixed(4))}`) // a rate from an odds ratio has many digits
    .join(', ');
  const denominatorText = Object.entries(report.denominators)
    .map(([c, n]) => `${c} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
    .join(', ');
  const reached = (n: number | null) => (n === null ? `not reached up to ${result.rows.at(-1)?.participants}` : String(n));
  const { spread } = report;
  const simulationText = `${report.simulations} simulations, seed ${report.seed}, Monte Carlo SE <= ${(100 * result.monteCarloSe).toFixed(1)} points`;
  const out = [
    ...(spread.scale === 'probability'
      ? [
          `Power of ${report.experiment}: ${report.metric}, Welch t on per-participant ratios vs ${report.control}, Holm-adjusted, alpha ${report.alpha}`,
          `  rates: ${rateText}`,
          `  ${report.metric} denominator per participant (mean): ${denominatorText}`,
          `  spread: each participant's rate ~ Beta(mean p, SD ${spread.sd}) on the probability scale; ${simulationText}`,
        ]
      : [
          `Power of ${report.experiment}: ${report.metric}, mixed model ${report.metric} ~ condition + (1 | participant_id) + (1 | case_id), ` +
            `Wald p of each condition term vs ${report.control} < ${report.alpha}`,
          `  rates (typical participant on a typical case): ${rateText}; odds ratios ${oddsRatioText(report)}`,
          `  ${report.metric} trials per participant (mean): ${denominatorText}; cases drawn from a bank of ${spread.cases}`,
          `  ICC participants ${spread.icc_participant}, cases ${spread.icc_case} (latent logit scale): random-intercept SDs ` +
            `${spread.sd_participant.toFixed(3)} and ${spread.sd_case.toFixed(3)}; ${simulationText}`,
        ]),
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    'all: every comparison with a stated effect significant; any: at least one comparison significant.',
    ...fitLines(report),
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

function oddsRatioText(report: PowerReport): string {
  const odds = (p: number) => p / (1 - p);
  const control = odds(report.rates[report.control]);
  return Object.entries(report.rates)
    .filter(([c]) => c !== report.control)
    .map(([c, p]) => `${c} ${(odds(p) / control).toFixed(3)}`)
    .join(', ');
}

/** The mixed-model fits that failed, did not converge or were singular, per N, when there were any. */
function fitLines(report: PowerReport): string[] {
  const troubled = report.result.rows.filter((r) => r.fits && r.fits.failed + r.fits.not_converged + r.fits.singular > 0);
  if (troubled.length === 0) return [];
  return [
    'Fits (of each N\'s simulated studies) that failed (counted not significant), did not converge, or were singular:',
    ...troubled.map((r) => `  N ${r.participants}: ${r.fits!.failed} failed, ${r.fits!.not_converged} not converged, ${r.fits!.singular} singular`),
  ];
}
