import { stringify } from 'csv-stringify/sync';
import { wordingCell } from './question-tables.ts';
import type { AnalysisResult } from '../result.ts';
import type { TermSphericity } from '../stats/sphericity.ts';
import { waldOddsRatio } from '../stats/glmm/index.ts';
import { modelEntries } from './model-tables.ts';
import { decisionPowerCsvRows } from './decision-power-csv.ts';

/** Columns of the long-format CSV report; a row fills the ones that apply to its `type`. */
export const REPORT_CSV_COLUMNS = [
  'type', 'metric', 'condition', 'control', 'k', 'n', 'value', 'wilson_lo', 'wilson_hi', 'bootstrap_lo', 'bootstrap_hi',
  'participant_mean', 'participants_defined', 'participants_undefined', 'sd', 'alpha', 'difference', 'newcombe_lo',
  'newcombe_hi', 'odds_ratio', 'chi2', 'chi2_p', 'fisher_p', 'cramers_v', 'welch_t', 'welch_df', 'welch_p', 'hedges_g',
  'mw_u', 'mw_p', 'rank_biserial', 'p_holm',
  // Additions (issue 11): headline bootstrap interval, effect-size intervals, within-subjects and factorial tests.
  'bootstrap_diff_lo', 'bootstrap_diff_hi', 'hedges_g_lo', 'hedges_g_hi', 'holm_test', 'paired_t', 'paired_df', 'paired_p',
  'pairs', 'dz', 'hedges_gz', 'hedges_gz_lo', 'hedges_gz_hi', 'wilcoxon_w', 'wilcoxon_p', 'wilcoxon_rank_biserial',
  'tost_margin', 'tost_p', 'term', 'statistic', 'df', 'p', 'fixed_by_design',
  // Additions (issue 12): mixed-model rows (type model: one per fixed term, value = estimate, statistic = z).
  'se', 'or_lo', 'or_hi', 'sd_participant', 'sd_case', 'loglik', 'singular', 'converged', 'notes',
  // Additions: sphericity of repeated-measures terms of two df or more (rm_anova and within factorial rows).
  'epsilon_gg', 'p_gg', 'epsilon_hf', 'p_hf', 'mauchly_w', 'mauchly_p',
] as const;

export type ReportCsvRow = Partial<Record<(typeof REPORT_CSV_COLUMNS)[number], string | number | null>>;
type Row = ReportCsvRow;

/**
 * One row per condition x metric (`type` metric; woa and scale subscales too) and one per comparison
 * (`type` comparison, scale_comparison; anova, kruskal, friedman, rm_anova omnibus rows; factorial rows with the sum of squares
 * in `value` and F in `statistic`; `model` rows, one per fixed term of each mixed model, with the estimate in `value`,
 * z in `statistic`, the odds ratio and its Wald interval), full precision, empty cells where undefined: ready for R
 * or a spreadsheet. Scale rows carry the wording marks in `notes`; generic questions: `question_option` rows
 * (metric page.question.option, n answered, k chosen, value proportion) and `question_number` rows (value mean, sd).
 */
function questionCsvRows(result: AnalysisResult): Row[] {
  const rows: Row[] = [];
  for (const q of result.questions ?? []) {
    for (const c of q.conditions) {
      if (q.type === 'number') rows.push({ type: 'question_number', metric: `${q.page}.${q.question}`, condition: c.condition, n: c.answered, value: c.mean, sd: c.sd });
      if (q.type === 'text') rows.push({ type: 'question_text', metric: `${q.page}.${q.question}`, condition: c.condition, n: c.answered });
      for (const o of c.options ?? []) {
        rows.push({ type: 'question_option', metric: `${q.page}.${q.question}.${o.value}`, condition: c.condition, n: c.answered, k: o.count, value: o.proportion });
      }
    }
  }
  return rows;
}

/** The sphericity columns of a repeated-measures term (empty for a term of one df). */
function sphericityCells(s: TermSphericity | null | undefined): Row {
  if (!s) return {};
  return { epsilon_gg: s.epsilon_gg, p_gg: s.p_gg, epsilon_hf: s.epsilon_hf, p_hf: s.p_hf, mauchly_w: s.mauchly_w, mauchly_p: s.mauchly_p };
}

export function renderCsv(result: AnalysisResult): string {
  const rows: Row[] = [];
  for (const c of result.conditions) {
    for (const [metric, m] of Object.entries(c.metrics)) {
      if (m === null || m === undefined) continue;
      if ('k' in m) {
        rows.push({
          type: 'metric', metric, condition: c.condition, k: m.k, n: m.n, value: m.value,
          wilson_lo: m.wilson?.[0], wilson_hi: m.wilson?.[1], bootstrap_lo: m.bootstrap?.[0], bootstrap_hi: m.bootstrap?.[1],
          participant_mean: m.participant_mean, participants_defined: m.participants_defined,
          participants_undefined: m.participants_undefined, fixed_by_design: m.fixed_by_design ? 1 : null,
        });
      } else {
        rows.push({ type: 'metric', metric, condition: c.condition, n: m.n, value: m.mean, participant_mean: m.participant_mean });
      }
    }
  }
  for (const c of result.comparisons) {
    rows.push({
      type: 'comparison', metric: c.metric, condition: c.condition, control: c.control, difference: c.difference,
      newcombe_lo: c.newcombe?.[0], newcombe_hi: c.newcombe?.[1], odds_ratio: c.odds_ratio, chi2: c.chi2,
      chi2_p: c.chi2_p, fisher_p: c.fisher_p, cramers_v: c.cramers_v, welch_t: c.welch?.t, welch_df: c.welch?.df,
      welch_p: c.welch?.p, hedges_g: c.welch?.hedges_g, mw_u: c.mann_whitney?.U, mw_p: c.mann_whitney?.p,
      rank_biserial: c.mann_whitney?.rank_biserial, p_holm: c.p_holm,
      bootstrap_diff_lo: c.bootstrap_difference?.[0], bootstrap_diff_hi: c.bootstrap_difference?.[1],
      hedges_g_lo: c.welch?.hedges_g_ci?.[0], hedges_g_hi: c.welch?.hedges_g_ci?.[1], holm_test: c.holm_test,
      paired_t: c.paired_t?.t, paired_df: c.paired_t?.df, paired_p: c.paired_t?.p, pairs: c.paired_t?.n, dz: c.paired_t?.dz,
      hedges_gz: c.paired_t?.hedges_gz, hedges_gz_lo: c.paired_t?.hedges_gz_ci?.[0], hedges_gz_hi: c.paired_t?.hedges_gz_ci?.[1],
      wilcoxon_w: c.wilcoxon?.W, wilcoxon_p: c.wilcoxon?.p, wilcoxon_rank_biserial: c.wilcoxon?.rank_biserial,
      tost_margin: c.equivalence?.margin, tost_p: c.equivalence?.p,
    });
  }
  for (const o of result.omnibus) {
    if (o.anova) rows.push({ type: 'anova', metric: o.metric, statistic: o.anova.F, df: `${o.anova.df1},${o.anova.df2}`, p: o.anova.p });
    if (o.kruskal) rows.push({ type: 'kruskal', metric: o.metric, statistic: o.kruskal.H, df: o.kruskal.df, p: o.kruskal.p });
    if (o.friedman) rows.push({ type: 'friedman', metric: o.metric, statistic: o.friedman.chi2, df: o.friedman.df, p: o.friedman.p, n: o.friedman.n });
    if (o.rm_anova) {
      const r = o.rm_anova;
      rows.push({ type: 'rm_anova', metric: o.metric, statistic: r.F, df: `${r.df1},${r.df2}`, p: r.p, n: r.n, ...sphericityCells(r.sphericity) });
    }
  }
  for (const f of result.factorial ?? []) {
    for (const t of f.terms) rows.push({ type: 'factorial', metric: f.metric, term: t.term, value: t.sum_sq, statistic: t.F, df: t.df, p: t.p, n: f.n, ...sphericityCells(t.sphericity) });
    if (f.residual) rows.push({ type: 'factorial', metric: f.metric, term: 'residual', value: f.residual.sum_sq, df: f.residual.df, n: f.n });
  }
  for (const [metric, m] of modelEntries(result)) {
    const model = {
      type: 'model', metric, n: m.n, sd_participant: m.random?.participant_id, sd_case: m.random?.case_id, loglik: m.loglik,
      singular: m.random === null ? null : m.singular ? 1 : 0, converged: m.converged ? 1 : 0, notes: m.notes.join('; '),
    };
    if (m.fixed.length === 0) rows.push(model);
    for (const t of m.fixed) {
      const or = waldOddsRatio(t.estimate, t.se);
      rows.push({ ...model, term: t.term, value: t.estimate, se: t.se, statistic: t.z, p: t.p, odds_ratio: or.oddsRatio, or_lo: or.interval[0], or_hi: or.interval[1] });
    }
  }
  rows.push(...decisionPowerCsvRows(result));
  for (const s of result.scales) {
    const metric = `${s.scale}.${s.subscale}`;
    for (const c of s.conditions) {
      rows.push({ type: 'scale', metric, condition: c.condition, n: c.n, value: c.mean, sd: c.sd, alpha: c.alpha, notes: wordingCell(s) });
    }
    for (const c of s.comparisons) {
      rows.push({
        type: 'scale_comparison', metric, condition: c.condition, control: c.control, difference: c.difference,
        welch_t: c.welch?.t, welch_df: c.welch?.df, welch_p: c.welch?.p, hedges_g: c.welch?.hedges_g,
        mw_u: c.mann_whitney?.U, mw_p: c.mann_whitney?.p, rank_biserial: c.mann_whitney?.rank_biserial, p_holm: c.p_holm,
      });
    }
  }
  rows.push(...questionCsvRows(result));
  const cell = (v: string | number | null | undefined): string =>
    v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v);
  return stringify(
    rows.map((r) => REPORT_CSV_COLUMNS.map((column) => cell(r[column]))),
    { header: true, columns: [...REPORT_CSV_COLUMNS] },
  );
}
