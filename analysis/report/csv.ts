import { stringify } from 'csv-stringify/sync';
import type { AnalysisResult } from '../result.ts';

/** Columns of the long-format CSV report; a row fills the ones that apply to its `type`. */
export const REPORT_CSV_COLUMNS = [
  'type', 'metric', 'condition', 'control', 'k', 'n', 'value', 'wilson_lo', 'wilson_hi', 'bootstrap_lo', 'bootstrap_hi',
  'participant_mean', 'participants_defined', 'participants_undefined', 'sd', 'alpha', 'difference', 'newcombe_lo',
  'newcombe_hi', 'odds_ratio', 'chi2', 'chi2_p', 'fisher_p', 'cramers_v', 'welch_t', 'welch_df', 'welch_p', 'hedges_g',
  'mw_u', 'mw_p', 'rank_biserial', 'p_holm',
] as const;

type Row = Partial<Record<(typeof REPORT_CSV_COLUMNS)[number], string | number | null>>;

/**
 * One row per condition x metric (`type` metric; woa and scale subscales too) and one per comparison
 * (`type` comparison, scale_comparison), full precision, empty cells where undefined: ready for R or a spreadsheet.
 */
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
          participants_undefined: m.participants_undefined,
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
    });
  }
  for (const s of result.scales) {
    const metric = `${s.scale}.${s.subscale}`;
    for (const c of s.conditions) {
      rows.push({ type: 'scale', metric, condition: c.condition, n: c.n, value: c.mean, sd: c.sd, alpha: c.alpha });
    }
    for (const c of s.comparisons) {
      rows.push({
        type: 'scale_comparison', metric, condition: c.condition, control: c.control, difference: c.difference,
        welch_t: c.welch?.t, welch_df: c.welch?.df, welch_p: c.welch?.p, hedges_g: c.welch?.hedges_g,
        mw_u: c.mann_whitney?.U, mw_p: c.mann_whitney?.p, rank_biserial: c.mann_whitney?.rank_biserial, p_holm: c.p_holm,
      });
    }
  }
  const cell = (v: string | number | null | undefined): string =>
    v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v);
  return stringify(
    rows.map((r) => REPORT_CSV_COLUMNS.map((column) => cell(r[column]))),
    { header: true, columns: [...REPORT_CSV_COLUMNS] },
  );
}
