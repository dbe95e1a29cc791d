import type { Descriptives } from '../descriptives/descriptives.ts';
import type { RatioCell } from '../descriptives/ratio-cell.ts';
import { fixed } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

/** The descriptive views as tables: the text alternative of each chart of the HTML report. */

const ratio = (c: RatioCell | null): string => (c === null || c.value === null ? '—' : `${fixed(c.value)} (${c.k}/${c.n})`);
const ms = (x: number | null): string => (x === null ? '—' : `${Math.round(x)}`);

const METRIC_LABELS: Record<string, string> = { agreement: 'Agreement', overreliance: 'Over-reliance', rair: 'RAIR', rsr: 'RSR' };

export function positionTable(d: Descriptives): ReportTable {
  const bins = d.by_position.bins;
  return {
    title: 'Reliance by trial position',
    note: 'Pooled trial-level proportions (k/n) per position bin: descriptive. Over-reliance = followed / AI wrong.',
    columns: ['condition', 'measure', ...bins.map((b) => (b.from === b.to ? `#${b.from}` : `#${b.from}-${b.to}`))],
    rows: d.by_position.conditions.flatMap((c) => [
      [c.condition, 'agreement', ...c.points.map((p) => ratio(p.agreement))],
      [c.condition, 'over-reliance', ...c.points.map((p) => ratio(p.overreliance))],
      [c.condition, 'final accuracy', ...c.points.map((p) => ratio(p.accuracy_final))],
    ]),
  };
}

export function firstErrorTable(d: Descriptives): ReportTable {
  return {
    title: 'Reliance before and after the first AI error each participant saw',
    note:
      'Before the first error every advice was right: compare "before" with "after, AI right". Pooled trial-level ' +
      'proportions (descriptive); participants who saw no AI error are left out and counted.',
    columns: ['condition', 'participants (no error)', 'before: agreement', 'at the first error: followed', 'after, AI right: agreement', 'after, AI wrong: over-reliance'],
    rows: d.first_error.map((f) => [
      f.condition,
      `${f.participants} (${f.participants_without_error})`,
      ratio(f.before),
      ratio(f.at_error),
      ratio(f.after_ai_right),
      ratio(f.after_ai_wrong),
    ]),
  };
}

export function confidenceTable(d: Descriptives): ReportTable | null {
  if (d.by_confidence === null) return null;
  return {
    title: "Following by the AI's displayed confidence",
    note: 'Reliance is calibrated when agreement rises with the AI accuracy of the bin. Trials without a displayed confidence are counted, not binned.',
    columns: ['condition', 'confidence bin', 'trials', 'mean confidence', 'agreement', 'AI accuracy'],
    rows: d.by_confidence.conditions.flatMap((c) => [
      ...c.points.map((p) => [c.condition, `[${p.from.toFixed(1)}, ${p.to.toFixed(1)}${p.to === 1 ? ']' : ')'}`, String(p.trials), fixed(p.mean_confidence), ratio(p.agreement), ratio(p.accuracy_ai)]),
      ...(c.trials_without_confidence > 0 ? [[c.condition, 'not shown', String(c.trials_without_confidence), '—', '—', '—']] : []),
    ]),
  };
}

export function responseTimeTable(d: Descriptives): ReportTable {
  return {
    title: 'Response times (ms)',
    note: 'Per trial, over the analysed trials with a time. initial: decision before the advice; final: decision with the advice.',
    columns: ['condition', 'phase', 'n', 'median', 'IQR (q1-q3)', 'mean'],
    rows: d.response_times.map((r) => [r.condition, r.phase, String(r.n), ms(r.median), r.q1 === null ? '—' : `${ms(r.q1)}-${ms(r.q3)}`, ms(r.mean)]),
  };
}

/** The hardest cases first; `limit` rows at most (the JSON has every case). */
export function caseTable(d: Descriptives, limit = 20): ReportTable {
  const shown = d.cases.slice(0, limit);
  return {
    title: 'Per-case difficulty',
    note: `${shown.length} hardest of ${d.cases.length} cases (lowest final accuracy first), all conditions pooled; the JSON output lists every case.`,
    columns: ['case', 'trials', 'participants', 'initial accuracy', 'final accuracy', 'AI accuracy', 'agreement'],
    rows: shown.map((c) => [c.case_id, String(c.trials), String(c.participants), ratio(c.accuracy_initial), ratio(c.accuracy_final), ratio(c.accuracy_ai), ratio(c.agreement)]),
  };
}

export function distributionTable(d: Descriptives, undefinedAsZero: boolean): ReportTable {
  return {
    title: 'Per-participant distributions',
    note:
      "Each participant's own ratio in the condition; participants whose denominator is 0 are " +
      (undefinedAsZero ? 'counted as 0 (--undefined-as-zero).' : 'left out and counted.'),
    columns: ['metric', 'condition', 'n (undefined)', 'mean', 'SD', 'min', 'q1', 'median', 'q3', 'max'],
    rows: d.participant_distributions.map((p) => [
      METRIC_LABELS[p.metric] ?? p.metric,
      p.condition,
      `${p.n} (${p.participants_undefined})`,
      fixed(p.mean),
      fixed(p.sd),
      fixed(p.min),
      fixed(p.q1),
      fixed(p.median),
      fixed(p.q3),
      fixed(p.max),
    ]),
  };
}

export { METRIC_LABELS as DISTRIBUTION_LABELS };
