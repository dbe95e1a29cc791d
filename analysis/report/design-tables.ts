import type { TermSphericity } from '../stats/sphericity.ts';
import type { AnalysisResult, Comparison } from '../result.ts';
import { RELIANCE_METRICS } from '../metrics/reliance-metrics.ts';
import { fixed, interval, pValue, stars } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

/** A metric's label in the reports. */
export const label = (key: string): string => RELIANCE_METRICS.find((m) => m.key === key)?.label ?? key;

/** The first cells of every comparison row: metric, condition, difference, its bootstrap and Newcombe intervals. */
export function comparisonLeadCells(c: Comparison): string[] {
  return [label(c.metric), c.condition, fixed(c.difference), interval(c.bootstrap_difference), interval(c.newcombe)];
}

/** The sentence naming the Holm families and the primary outcome (what a reviewer asks to see stated). */
export function holmNote(result: AnalysisResult): string {
  const families = result.holm_families ?? [];
  if (families.length === 0) return '';
  const test = families[0].test === 'paired_t' ? 'paired t' : 'Welch';
  const size = families[0].comparisons.length;
  const primary = result.primary ? ` Primary outcome: ${label(result.primary)}.` : '';
  return (
    ` Holm families: one per metric, its ${size} comparison(s) with the control (${families[0].comparisons.join(', ')}), ` +
    `adjusted together on the ${test} p.${primary}`
  );
}

/** Within-subjects comparisons: paired tests on the participants with a ratio in both conditions. */
export function pairedComparisonTable(result: AnalysisResult): ReportTable {
  return {
    title: `Comparisons with the control (${result.control}), within participants`,
    note:
      'Headline interval: participant bootstrap of the difference (participants resampled with all their conditions); ' +
      'Newcombe is trial-level, descriptive. Paired t and Wilcoxon signed-rank (zeros dropped, normal approximation with ' +
      'tie and continuity corrections; matched-pairs rank-biserial) on per-participant ratios; g_z = Hedges-corrected d_z ' +
      'with a normal-approximation 95% interval; stars: Holm-adjusted paired-t p.' +
      holmNote(result),
    columns: ['metric', 'condition', 'difference', 'bootstrap 95%', 'Newcombe 95%', 'pairs', 'paired t (df)', 'p', 'g_z [95%]', 'Wilcoxon W', 'p', 'rank-biserial', 'p Holm'],
    rows: result.comparisons.map((c) => [
      ...comparisonLeadCells(c),
      c.paired_t ? String(c.paired_t.n) : '—',
      c.paired_t ? `${fixed(c.paired_t.t, 2)} (${c.paired_t.df})` : '—',
      pValue(c.paired_t?.p),
      c.paired_t ? `${fixed(c.paired_t.hedges_gz, 2)} ${interval(c.paired_t.hedges_gz_ci, 2)}` : '—',
      fixed(c.wilcoxon?.W, 1),
      pValue(c.wilcoxon?.p),
      fixed(c.wilcoxon?.rank_biserial, 2),
      `${pValue(c.p_holm)} ${stars(c.p_holm)}`.trim(),
    ]),
  };
}

/** Equivalence tests (TOST) of every comparison, when a margin was declared. */
export function equivalenceTable(result: AnalysisResult): ReportTable | null {
  const tested = result.comparisons.filter((c) => c.equivalence !== undefined);
  if (tested.length === 0) return null;
  const margin = tested.find((c) => c.equivalence)?.equivalence?.margin;
  return {
    title: `Equivalence tests (TOST, margin ±${margin ?? '?'})`,
    note: 'Two one-sided tests of the difference of participant-level means on the Welch (between) or paired (within) standard error; equivalent when p < 0.05.',
    columns: ['metric', 'condition', 'difference', 't lower', 'p lower', 't upper', 'p upper', 'p', 'equivalent'],
    rows: tested.map((c) => {
      const e = c.equivalence;
      return [
        label(c.metric),
        c.condition,
        fixed(e?.difference),
        fixed(e?.t_lower, 2),
        pValue(e?.p_lower),
        fixed(e?.t_upper, 2),
        pValue(e?.p_upper),
        pValue(e?.p),
        e ? (e.equivalent ? 'yes' : 'no') : '—',
      ];
    }),
  };
}

/** Main effects and interactions of the factors (type II ANOVA, or repeated measures with sphericity corrections). */
export function factorialTable(result: AnalysisResult): ReportTable | null {
  const repeated = result.factorial?.[0]?.method === 'repeated_measures';
  const rows = (result.factorial ?? []).flatMap((f) => [
    ...f.terms.map((t) => [
      label(f.metric),
      t.term,
      fixed(t.sum_sq, 4),
      t.error_df === undefined ? String(t.df) : `${t.df}, ${t.error_df}`,
      fixed(t.F, 2),
      pValue(t.p),
      ...(repeated ? sphericityCells(t.sphericity) : []),
    ]),
    ...(f.residual ? [[label(f.metric), 'residual', fixed(f.residual.sum_sq, 4), String(f.residual.df), '', '']] : []),
  ]);
  if (rows.length === 0) return null;
  return {
    title: `Factorial effects (${(result.design?.factors ?? []).map((f) => `${f.name}: ${f.levels.length} levels`).join(' x ')})`,
    note: repeated
      ? 'Repeated-measures ANOVA of per-participant ratios, each term against its term x participant error (as statsmodels ' +
        `AnovaRM and R car::Anova), on the ${result.factorial![0].n} participants with a ratio in every condition. ${SPHERICITY_NOTE}`
      : 'Type II sums of squares of ratio ~ factors with all interactions, on per-participant ratios (as R car::Anova(lm(...), type = 2)).',
    columns: ['metric', 'term', 'sum of squares', 'df', 'F', 'p', ...(repeated ? SPHERICITY_COLUMNS : [])],
    rows,
  };
}

const SPHERICITY_COLUMNS = ['epsilon GG', 'p GG', 'epsilon HF', 'p HF', 'Mauchly W (p)'];
const SPHERICITY_NOTE =
  'A term of two df or more has its p corrected for non-sphericity (Greenhouse-Geisser, Huynh-Feldt; report p GG when ' +
  "epsilon GG is below about 0.75) and Mauchly's test; a term of one df has nothing to correct (—).";

/** The sphericity cells of a repeated-measures term: epsilons, corrected p, Mauchly's W and p. */
function sphericityCells(s: TermSphericity | null | undefined): string[] {
  if (!s) return ['—', '—', '—', '—', '—'];
  const mauchly = s.mauchly_w === null ? '—' : `${fixed(s.mauchly_w, 3)} (${pValue(s.mauchly_p)})`;
  return [fixed(s.epsilon_gg, 3), pValue(s.p_gg), fixed(s.epsilon_hf, 3), pValue(s.p_hf), mauchly];
}

/** Omnibus tests of a within-subjects design: Friedman, and the repeated-measures ANOVA with its corrections. */
export function friedmanTable(result: AnalysisResult): ReportTable {
  return {
    title: 'Omnibus tests across conditions, within participants (Friedman; repeated-measures ANOVA)',
    note:
      'On the participants with a ratio in every condition; participants missing a condition are left out and counted. ' +
      `The repeated-measures ANOVA is that of R car::Anova(lm(Y ~ 1), idata, idesign = ~condition). ${SPHERICITY_NOTE}`,
    columns: ['metric', 'chi2 (df)', 'p', 'participants', 'left out', 'F (df)', 'p (F)', ...SPHERICITY_COLUMNS],
    rows: result.omnibus.map((o) => [
      label(o.metric),
      o.friedman ? `${fixed(o.friedman.chi2, 2)} (${o.friedman.df})` : '—',
      pValue(o.friedman?.p),
      o.friedman ? String(o.friedman.n) : '—',
      o.friedman ? String(o.friedman.participants_incomplete) : '—',
      o.rm_anova ? `${fixed(o.rm_anova.F, 2)} (${o.rm_anova.df1}, ${o.rm_anova.df2})` : '—',
      pValue(o.rm_anova?.p),
      ...sphericityCells(o.rm_anova?.sphericity),
    ]),
  };
}

/** Block orders of a within-subjects design, and the main metrics by position (order effects). */
export function blockOrderTables(result: AnalysisResult): ReportTable[] {
  const b = result.block_order;
  if (!b) return [];
  const keys = ['agreement', 'overreliance', 'accuracy_final'] as const;
  return [
    {
      title: 'Block orders (counterbalancing)',
      columns: ['order', 'participants'],
      rows: b.orders.map((o) => [o.order.join(' -> '), String(o.participants)]),
    },
    {
      title: 'Metrics by block position',
      note: 'Pooled value (k/n) of each condition at each position of the block order; an order effect shows as a trend down the positions.',
      columns: ['position', 'condition', 'participants', ...keys.map(label)],
      rows: b.by_position.map((p) => [
        String(p.position),
        p.condition,
        String(p.participants),
        ...keys.map((k) => {
          const m = p.metrics[k];
          return m ? `${fixed(m.value)} (${m.k}/${m.n})` : '—';
        }),
      ]),
    },
  ];
}
