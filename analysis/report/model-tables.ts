import type { AnalysisResult, MixedModelResult } from '../result.ts';
import { RELIANCE_METRICS } from '../metrics/reliance-metrics.ts';
import { waldOddsRatio } from '../stats/glmm/index.ts';
import { fixed, interval, pValue } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

const label = (key: string): string => RELIANCE_METRICS.find((m) => m.key === key)?.label ?? key;

/** The mixed models of the result, in report order, with their metric key. */
export function modelEntries(result: AnalysisResult): [string, MixedModelResult][] {
  return Object.entries(result.models ?? {}).filter((e): e is [string, MixedModelResult] => e[1] !== undefined);
}

/** What a reader must not miss about a fit: not fitted, singular, not converged, conditions left out. */
export function modelWarnings(model: MixedModelResult): string[] {
  const warnings: string[] = [];
  if (model.random === null) warnings.push(`NOT FITTED: ${model.notes.find((n) => n.startsWith('not fitted: '))?.slice(12) ?? ''}`);
  else {
    if (model.singular) warnings.push(`SINGULAR FIT: ${model.notes.find((n) => n.startsWith('singular fit: '))?.slice(14) ?? 'a variance estimated at 0'}`);
    if (!model.converged) warnings.push('DID NOT CONVERGE');
  }
  if (model.conditions_without_trials.length > 0)
    warnings.push(`LEFT OUT (no trial in this subset): ${model.conditions_without_trials.join(', ')}`);
  return warnings;
}

/** The notes that modelWarnings does not already state. */
const otherNotes = (m: MixedModelResult): string[] =>
  m.notes.filter((n) => !n.startsWith('singular fit: ') && !n.startsWith('not fitted: ') && !n.startsWith('no trial in '));

/** One table per mixed model: coefficients (log odds), odds ratios with Wald intervals, and the fit in the note. */
export function modelTables(result: AnalysisResult): ReportTable[] {
  return modelEntries(result).map(([metric, m]) => {
    const fit =
      m.random === null
        ? ''
        : ` Random-intercept SD: participant ${fixed(m.random.participant_id)}, case ${fixed(m.random.case_id)}; log-likelihood ${fixed(m.loglik, 2)}.`;
    const warnings = modelWarnings(m);
    return {
      title: `Mixed model: ${label(metric)}`,
      note:
        `${m.formula}; binomial, logit link, Laplace approximation (the estimates of lme4::glmer with bobyqa). ` +
        `${m.n} trials, ${m.participants} participants, ${m.cases} cases.${fit}` +
        (warnings.length > 0 ? ` ${warnings.join('. ')}.` : '') +
        (otherNotes(m).length > 0 ? ` Notes: ${otherNotes(m).join('; ')}.` : ''),
      columns: ['metric', 'term', 'estimate (log odds)', 'SE', 'z', 'p', 'odds ratio', 'OR 95% (Wald)'],
      rows:
        m.fixed.length === 0
          ? [[label(metric), '—', '—', '—', '—', '—', '—', '—']]
          : m.fixed.map((t) => {
              const or = waldOddsRatio(t.estimate, t.se);
              return [label(metric), t.term, fixed(t.estimate), fixed(t.se), fixed(t.z, 2), pValue(t.p), fixed(or.oddsRatio), interval(or.interval)];
            }),
    };
  });
}

/** The condition (and covariate) effects of every model as odds ratios with Wald intervals: the forest plot's rows. */
export function modelEffects(result: AnalysisResult): { label: string; estimate: number; interval: [number, number] }[] {
  return modelEntries(result).flatMap(([metric, m]) =>
    m.fixed
      .filter((t) => t.term !== '(Intercept)')
      .map((t) => {
        const or = waldOddsRatio(t.estimate, t.se);
        return { label: `${label(metric)}: ${t.term}`, estimate: or.oddsRatio, interval: or.interval };
      }),
  );
}

/** The text alternative of the forest plot: each model's effects and what to know about the fit. */
export function modelEffectsTable(result: AnalysisResult): ReportTable {
  const rows = modelEntries(result).flatMap(([metric, m]) => {
    const status = [...modelWarnings(m)].join('; ') || 'converged';
    if (m.fixed.length === 0) return [[label(metric), '—', '—', '—', '—', status]];
    return m.fixed
      .filter((t) => t.term !== '(Intercept)')
      .map((t) => {
        const or = waldOddsRatio(t.estimate, t.se);
        return [label(metric), t.term, fixed(or.oddsRatio), interval(or.interval), pValue(t.p), status];
      });
  });
  return {
    title: 'Mixed-model effects (text alternative of the forest plot)',
    note: 'Odds ratios against the control with Wald 95% intervals, from <metric> ~ condition + (1 | participant_id) + (1 | case_id) (the estimates of lme4::glmer); the full tables are in the Tables section.',
    columns: ['metric', 'term', 'odds ratio', 'Wald 95%', 'p', 'fit'],
    rows,
  };
}
