import type { Descriptives } from '../descriptives/descriptives.ts';
import type { RatioCell } from '../descriptives/ratio-cell.ts';
import type { MeanInterval } from '../stats/mean-interval.ts';
import { fixed, interval } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

/** The in-task trust trajectory and the recovery after the first AI error, as tables (terminal report and HTML). */

const ratio = (c: RatioCell): string => (c.value === null ? '—' : `${fixed(c.value)} (${c.k}/${c.n})`);
const meanCi = (m: MeanInterval | null): string => (m === null || m.mean === null ? '—' : `${fixed(m.mean, 2)} ${interval(m.ci, 2)} n=${m.n}`);

export function trustTrajectoryTable(d: Descriptives): ReportTable | null {
  if (d.trust_trajectory === null) return null;
  const self = d.trust_trajectory.some((c) => c.points.some((p) => p.self_confidence !== null));
  return {
    title: 'In-task trust by probe position, beside reliance',
    note:
      'Trust: mean rating at the probed trial with its 95% t interval across participants (one rating each: participant-clustered). ' +
      'Reliance: pooled agreement and over-reliance (followed / AI wrong) over the trials since the previous probe (descriptive). ' +
      'Positions are decision trials within the block of the condition.',
    columns: ['condition', 'position', 'trust mean [95% CI]', ...(self ? ['self-confidence mean [95% CI]'] : []), 'trials', 'agreement', 'over-reliance'],
    rows: d.trust_trajectory.flatMap((c) =>
      c.points.map((p) => [
        c.condition,
        String(p.position),
        meanCi(p.trust),
        ...(self ? [meanCi(p.self_confidence)] : []),
        `${p.from}-${p.position}`,
        ratio(p.agreement),
        ratio(p.overreliance),
      ]),
    ),
  };
}

export function firstErrorRecoveryTable(d: Descriptives): ReportTable | null {
  const rows = d.first_error_recovery.filter((f) => f.participants > 0);
  if (rows.length === 0) return null;
  const window = rows[0].window;
  return {
    title: 'Trust recovery after the first AI error of each condition',
    note:
      `First error: each participant's first AI-wrong trial in the condition (position within the block). After: agreement on the AI-right trials among the ${window} trials that follow. ` +
      'Pooled proportions are descriptive; the participant difference (after - before) has a 95% t interval across participants.',
    columns: ['condition', 'participants (no error)', 'first error at (min/median/max)', 'before', 'at the error: followed', `after (${window} trials, AI right)`, 'after / before', 'participant difference [95% CI]'],
    rows: rows.map((f) => [
      f.condition,
      `${f.participants} (${f.participants_without_error})`,
      f.first_error_position === null ? '—' : `${f.first_error_position.min}/${fixed(f.first_error_position.median, 1)}/${f.first_error_position.max}`,
      ratio(f.before),
      ratio(f.at_error),
      ratio(f.after),
      f.relative === null ? '—' : fixed(f.relative),
      meanCi(f.participant_difference),
    ]),
  };
}

export function recoveryCurveTable(d: Descriptives): ReportTable {
  const rows = d.first_error_recovery.filter((f) => f.participants > 0);
  const since = rows[0]?.curve.map((p) => p.since) ?? [];
  return {
    title: 'Agreement on AI-right trials by trials since the first AI error',
    note: 'Pooled trial-level proportions (k/n), descriptive; "before" is the agreement before the first error.',
    columns: ['condition', 'before', ...since.map((s) => `+${s}`)],
    rows: rows.map((f) => [f.condition, ratio(f.before), ...f.curve.map((p) => ratio(p.agreement))]),
  };
}

/** The tables of the terminal report: the trajectory when the data has ratings, the recovery when errors were seen. */
export function trustTables(d: Descriptives): ReportTable[] {
  return [trustTrajectoryTable(d), firstErrorRecoveryTable(d)].filter((t): t is ReportTable => t !== null);
}
