import type { AnalysisResult } from '../result.ts';
import { xyChart } from './charts/line-chart.ts';
import { figure, htmlTable } from './html-figures.ts';
import { firstErrorRecoveryTable, recoveryCurveTable, trustTrajectoryTable } from './trust-tables.ts';

/**
 * The HTML figures of in-task trust: the trust trajectory per condition beside agreement over the same positions, and
 * the recovery curve after the first AI error; each with the table of its numbers (its text alternative).
 */

/** Trust (rescaled to 0-1) and agreement by probe position; null when the data has no rating. */
export function trustTrajectoryFigures(result: AnalysisResult): string | null {
  const view = result.descriptives.trust_trajectory;
  const table = trustTrajectoryTable(result.descriptives);
  if (view === null || table === null) return null;
  const positions = view.flatMap((c) => c.points.map((p) => p.position));
  const top = Math.max(...view.flatMap((c) => c.points.flatMap((p) => (p.trust.ci ? [p.trust.ci[1]] : []).concat(p.trust.mean ?? []))), 2);
  const scaleMax = Math.max(2, Math.ceil(top));
  const xDomain: [number, number] = [Math.min(...positions), Math.max(...positions)];
  const rescale = (m: number | null) => (m === null ? null : Math.min(1, Math.max(0, (m - 1) / (scaleMax - 1))));
  const trust = xyChart(
    'Trust in the AI by probe position',
    view.map((c) => ({ name: c.condition, points: c.points.map((p) => ({ x: p.position, y: rescale(p.trust.mean) })) })),
    { xDomain, xLabel: 'decision trial in the block', yLabel: `mean rating, (r - 1) / ${scaleMax - 1}`, note: `ratings 1-${scaleMax} rescaled to 0-1; intervals in the table` },
  );
  const agreement = xyChart(
    'Agreement over the same positions',
    view.map((c) => ({ name: c.condition, points: c.points.map((p) => ({ x: p.position, y: p.agreement.value })) })),
    { xDomain, xLabel: 'decision trial in the block (end of window)', yLabel: 'agreement', note: 'pooled over the trials since the previous probe' },
  );
  return figure(`<div class="charts">${trust}${agreement}</div>`, table);
}

/** Agreement on AI-right trials by trials since the first error, "before" drawn at 0; null when no error was seen. */
export function recoveryFigures(result: AnalysisResult): string | null {
  const rows = result.descriptives.first_error_recovery.filter((f) => f.participants > 0);
  const summary = firstErrorRecoveryTable(result.descriptives);
  if (rows.length === 0 || summary === null) return null;
  const last = rows[0].curve.length;
  const svg = xyChart(
    'Agreement after the first AI error (recovery)',
    rows.map((f) => ({ name: f.condition, points: [{ x: 0, y: f.before.value }, ...f.curve.map((p) => ({ x: p.since, y: p.agreement.value }))] })),
    { xDomain: [0, last], xLabel: 'trials since the first AI error (0: before it)', yLabel: 'agreement, AI right', note: 'pooled trial-level proportions (descriptive)' },
  );
  return `${figure(svg, summary)}${htmlTable(recoveryCurveTable(result.descriptives))}`;
}

/** The report's sections for in-task trust and recovery, those the data has. */
export function trustSections(result: AnalysisResult): { id: string; title: string; html: string }[] {
  const trajectory = trustTrajectoryFigures(result);
  const recovery = recoveryFigures(result);
  return [
    ...(trajectory ? [{ id: 'trust-trajectory', title: 'In-task trust beside reliance', html: trajectory }] : []),
    ...(recovery ? [{ id: 'recovery', title: 'Recovery after the first AI error of each condition', html: recovery }] : []),
  ];
}
