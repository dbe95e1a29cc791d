import { adviceRequestTables } from './advice-request-table.ts';
import type { AnalysisResult, RatioMetric } from '../result.ts';
import { RELIANCE_METRICS, type RelianceMetricKey } from '../metrics/reliance-metrics.ts';
import { fixed, interval, pValue, stars } from './number-format.ts';
import { modelTables } from './model-tables.ts';
import { hasUnvalidatedText, questionTables, scaleSourceTable, selfAssessmentTable } from './question-tables.ts';
import {
  label,
  comparisonLeadCells,
  holmNote,
  pairedComparisonTable,
  equivalenceTable,
  factorialTable,
  friedmanTable,
  blockOrderTables,
} from './design-tables.ts';
import { decisionPowerTables } from './decision-power-tables.ts';

/** A report table, independent of the medium: the terminal and HTML renderers both draw these. */
export interface ReportTable {
  title: string;
  note?: string;
  columns: string[];
  rows: string[][];
}

/** Metric families, one table each. */
export const METRIC_FAMILIES: { title: string; keys: RelianceMetricKey[] }[] = [
  { title: 'Accuracy', keys: ['accuracy_initial', 'accuracy_ai', 'accuracy_final'] },
  { title: 'Agreement and switching', keys: ['agreement', 'switch'] },
  { title: 'Over- and under-reliance', keys: ['overreliance', 'underreliance'] },
  { title: 'Appropriate reliance (Schemmer et al. 2023)', keys: ['rair', 'rsr'] },
  { title: 'After an initial disagreement (two-stage)', keys: ['overreliance_after_disagreement', 'accuracy_after_disagreement'] },
];


/** Every table of the report, in reading order. */
export function reportTables(result: AnalysisResult): ReportTable[] {
  const tables: ReportTable[] = [overviewTable(result)];
  for (const family of METRIC_FAMILIES) {
    const keys = family.keys.filter((k) => result.conditions.some((c) => c.metrics[k] !== null));
    if (keys.length > 0) tables.push(familyTable(result, family.title, keys));
  }
  if (result.conditions.some((c) => c.metrics.woa)) tables.push(woaTable(result));
  const within = result.design?.type === 'within';
  if (result.comparisons.length > 0) tables.push(within ? pairedComparisonTable(result) : comparisonTable(result));
  const extra = [equivalenceTable(result), factorialTable(result)];
  tables.push(...extra.filter((t): t is ReportTable => t !== null));
  if (result.omnibus.length > 0) tables.push(within ? friedmanTable(result) : omnibusTable(result));
  tables.push(...blockOrderTables(result));
  tables.push(...modelTables(result));
  const sources = scaleSourceTable(result);
  if (sources !== null) tables.push(sources);
  tables.push(...decisionPowerTables(result));
  if (result.scales.length > 0) tables.push(...scaleTables(result));
  const selfAssessment = selfAssessmentTable(result);
  if (selfAssessment !== null) tables.push(selfAssessment);
  tables.push(...questionTables(result));
  if (result.comprehension && result.comprehension.length > 0) tables.push(comprehensionTable(result.comprehension));
  tables.push(...adviceRequestTables(result));
  return tables;
}

function comprehensionTable(rows: NonNullable<AnalysisResult['comprehension']>): ReportTable {
  return {
    title: 'Comprehension check',
    note: 'Screened-out participants made no decision: they are in no other table.',
    columns: ['condition', 'took', 'passed first try', 'passed after retry', 'screened out', 'wrong attempts'],
    rows: rows.map((c) => [c.condition, String(c.took), String(c.passed_first_try), String(c.passed_after_retry), String(c.screened_out), String(c.wrong_attempts)]),
  };
}

function overviewTable(result: AnalysisResult): ReportTable {
  return {
    title: 'Conditions',
    note:
      `Control: ${result.control}. Task: ${result.task}${result.task === 'numeric' ? `, tolerance ${result.tolerance}` : ''}. ` +
      designNote(result),
    columns: ['condition', 'participants', 'trials', 'complementarity', 'reliance discrimination'],
    rows: result.conditions.map((c) => [
      c.condition,
      String(c.participants),
      String(c.trials),
      c.complementarity === null ? '—' : c.complementarity ? 'yes' : 'no',
      fixed(c.reliance_discrimination),
    ]),
  };
}

function designNote(result: AnalysisResult): string {
  const d = result.design;
  const parts: string[] = [];
  if (d) {
    const factors = d.factors.length > 0 ? `, factors ${d.factors.map((f) => `${f.name} (${f.levels.join(', ')})`).join(' x ')}` : '';
    const complete =
      d.type === 'within' ? `; ${d.participants_complete} participant(s) in every condition, ${d.participants_incomplete} in some` : '';
    parts.push(`Design: ${d.type}-subjects (${d.source})${factors}${complete}.`);
  }
  if (result.undefined_ratios === 'zero') parts.push('Participants with an empty denominator count as 0 (--undefined-as-zero).');
  if (result.primary) parts.push(`Primary outcome: ${label(result.primary)}.`);
  if (result.filters) parts.push(`Rows kept where ${result.filters.where.join(' and ')} (${result.filters.rows_left_out} rows left out).`);
  return parts.join(' ');
}

function familyTable(result: AnalysisResult, title: string, keys: RelianceMetricKey[]): ReportTable {
  const rows: string[][] = [];
  for (const key of keys) {
    for (const c of result.conditions) {
      const m = c.metrics[key];
      if (m === null) continue;
      rows.push([label(key), c.condition, ...ratioCells(m)]);
    }
  }
  return {
    title,
    note:
      `Headline: participant-cluster bootstrap 95% interval (B = ${result.bootstrap.resamples}, seed ${result.bootstrap.seed}). ` +
      'Wilson: trial-level, descriptive (treats trials as independent). "fixed" = AI accuracy set by the design, not estimated.',
    columns: ['metric', 'condition', 'k/n', 'value', 'bootstrap 95%', 'Wilson 95% (descriptive)', 'participant mean', 'defined/undefined'],
    rows,
  };
}

function ratioCells(m: RatioMetric): string[] {
  return [
    `${m.k}/${m.n}`,
    fixed(m.value),
    m.fixed_by_design ? 'fixed' : interval(m.bootstrap),
    m.fixed_by_design ? 'fixed' : interval(m.wilson),
    fixed(m.participant_mean),
    `${m.participants_defined}/${m.participants_undefined}`,
  ];
}

function woaTable(result: AnalysisResult): ReportTable {
  return {
    title: 'Weight of advice',
    note: 'Per trial (final - initial) / (advice - initial), clamped to [0, 1]; trials where the advice equals the initial estimate are excluded.',
    columns: ['condition', 'trials used', 'excluded', 'mean (clamped)', 'raw mean', 'share at 0', 'share at 1', 'participant mean'],
    rows: result.conditions
      .filter((c) => c.metrics.woa)
      .map((c) => {
        const w = c.metrics.woa!;
        return [c.condition, String(w.n), String(w.excluded), fixed(w.mean), fixed(w.raw_mean), fixed(w.share_0), fixed(w.share_1), fixed(w.participant_mean)];
      }),
  };
}

function comparisonTable(result: AnalysisResult): ReportTable {
  return {
    title: `Comparisons with the control (${result.control})`,
    note:
      'Headline interval: participant-cluster bootstrap of the difference (participants resampled within each condition). ' +
      'Newcombe, chi-square and Fisher treat trials as independent: descriptive only. Inferential tests are participant-level ' +
      "(Welch with Hedges' g and its 95% interval, Mann-Whitney); stars: Holm-adjusted Welch p per metric, * < .05, ** < .01, *** < .001." +
      holmNote(result),
    columns: ['metric', 'condition', 'difference', 'bootstrap 95%', 'Newcombe 95%', 'odds ratio', 'chi2 p', 'Fisher p', 'Welch t (df)', 'p', 'Hedges g [95%]', 'MW U', 'p', 'rank-biserial', 'p Holm'],
    rows: result.comparisons.map((c) => [
      ...comparisonLeadCells(c),
      fixed(c.odds_ratio, 2),
      pValue(c.chi2_p),
      pValue(c.fisher_p),
      c.welch ? `${fixed(c.welch.t, 2)} (${fixed(c.welch.df, 1)})` : '—',
      pValue(c.welch?.p),
      c.welch ? `${fixed(c.welch.hedges_g, 2)} ${interval(c.welch.hedges_g_ci, 2)}` : '—',
      fixed(c.mann_whitney?.U, 1),
      pValue(c.mann_whitney?.p),
      fixed(c.mann_whitney?.rank_biserial, 2),
      `${pValue(c.p_holm)} ${stars(c.p_holm)}`.trim(),
    ]),
  };
}

function omnibusTable(result: AnalysisResult): ReportTable {
  return {
    title: 'Omnibus tests across conditions (per-participant ratios)',
    columns: ['metric', 'ANOVA F (df1, df2)', 'p', 'Kruskal-Wallis H (df)', 'p'],
    rows: result.omnibus.map((o) => [
      label(o.metric),
      o.anova ? `${fixed(o.anova.F, 2)} (${o.anova.df1}, ${o.anova.df2})` : '—',
      pValue(o.anova?.p),
      o.kruskal ? `${fixed(o.kruskal.H, 2)} (${o.kruskal.df})` : '—',
      pValue(o.kruskal?.p),
    ]),
  };
}

/** The scale's id, marked † when its text is not the validated instrument in some language. */
function scaleName(s: AnalysisResult['scales'][number]): string {
  return hasUnvalidatedText(s) ? `${s.scale} †` : s.scale;
}

function scaleTables(result: AnalysisResult): ReportTable[] {
  const summary: ReportTable = {
    title: 'Questionnaire scales',
    note: 'Scores are item means after reversal, over participants with complete answers. †: text not validated in some language (see sources).',
    columns: ['scale', 'subscale', 'condition', 'n', 'mean', 'SD', 'Cronbach alpha'],
    rows: result.scales.flatMap((s) =>
      s.conditions.map((c) => [scaleName(s), s.subscale, c.condition, String(c.n), fixed(c.mean, 2), fixed(c.sd, 2), fixed(c.alpha, 2)]),
    ),
  };
  const tests: ReportTable = {
    title: 'Questionnaire scales: comparisons with the control and correlations',
    columns: ['scale', 'subscale', 'condition', 'difference', 'Welch t (df)', 'p', 'Hedges g', 'MW p', 'p Holm'],
    rows: result.scales.flatMap((s) =>
      s.comparisons.map((c) => [
        scaleName(s),
        s.subscale,
        c.condition,
        fixed(c.difference, 2),
        c.welch ? `${fixed(c.welch.t, 2)} (${fixed(c.welch.df, 1)})` : '—',
        pValue(c.welch?.p),
        fixed(c.welch?.hedges_g, 2),
        pValue(c.mann_whitney?.p),
        `${pValue(c.p_holm)} ${stars(c.p_holm)}`.trim(),
      ]),
    ),
  };
  const correlations: ReportTable = {
    title: 'Spearman correlations of scale scores with per-participant reliance',
    columns: ['scale', 'subscale', 'metric', 'n', 'rho', 'p'],
    rows: result.scales.flatMap((s) =>
      s.correlations.map((c) => [scaleName(s), s.subscale, label(c.metric), String(c.n), fixed(c.rho), pValue(c.p)]),
    ),
  };
  return tests.rows.length > 0 ? [summary, tests, correlations] : [summary, correlations];
}

/** What was left out and why, in one sentence per reason. */
export function exclusionLines(result: AnalysisResult): string[] {
  const e = result.exclusions;
  if (e.trials === 0) return ['No trial was excluded.', ...bootstrapSkipLines(result)];
  const lines = [`${e.trials} trial(s) excluded from every statistic:`];
  for (const r of e.by_reason) lines.push(`${r.trials} in ${r.condition}: ${r.reason}`);
  if (e.participants_fully_excluded > 0) {
    lines.push(`${e.participants_fully_excluded} participant(s) had every trial excluded and appear in no statistic.`);
  }
  return [...lines, ...bootstrapSkipLines(result)];
}

/** Bootstrap resamples left out because their denominator was 0 (METRICS.md section 2: skipped and counted). */
function bootstrapSkipLines(result: AnalysisResult): string[] {
  return result.bootstrap.skipped.map(
    (s) => `Bootstrap: ${s.resamples} of ${result.bootstrap.resamples} resamples of ${label(s.metric)} in ${s.condition} had n = 0 and were skipped.`,
  );
}
