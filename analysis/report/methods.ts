import type { AnalysisResult } from '../result.ts';
import { modelEntries } from './model-tables.ts';
import { RELIANCE_METRICS } from '../metrics/reliance-metrics.ts';
import { fixed } from './number-format.ts';

/**
 * The methods paragraph of the report, in sentences a paper can reuse: the design as observed in the data, the AI's
 * error schedule (its accuracy per condition), the metric definitions and the tests used.
 */
export function methodsParagraphs(result: AnalysisResult): string[] {
  const conditions = result.conditions;
  const trials = conditions.reduce((s, c) => s + c.trials, 0);
  const twoStage = conditions.some((c) => c.metrics.accuracy_initial !== null);
  const within = result.design?.type === 'within';
  const perCondition = conditions.map((c) => `${c.condition}: ${c.participants} participants, ${c.trials} trials`).join('; ');
  const factors = result.design?.factors ?? [];
  const design =
    (within
      ? `${(result.design?.participants_complete ?? 0) + (result.design?.participants_incomplete ?? 0)} participants were ` +
        `analysed in a within-participant design of ${conditions.length} conditions ` +
        `(${result.design?.participants_complete ?? 0} did every condition, ${result.design?.participants_incomplete ?? 0} only some; ${perCondition}), `
      : `${conditions.reduce((s, c) => s + c.participants, 0)} participants were analysed in ${conditions.length} ` +
        `between-participant condition(s) (${perCondition}), `) +
    `${trials} trials in total. ` +
    (factors.length >= 2
      ? `The conditions cross the factors ${factors.map((f) => `${f.name} (${f.levels.join(', ')})`).join(' x ')}. `
      : '') +
    (twoStage
      ? 'Trials followed a two-stage (judge-advisor) procedure: an initial decision, then the AI advice, then a final decision. '
      : 'Trials followed a one-stage procedure: the AI advice was shown with the case, and one decision was recorded. ') +
    `The task was ${result.task}` +
    (result.task === 'numeric'
      ? `; an answer counted as correct when within ${result.tolerance} of the truth. `
      : '; decisions were compared as labels. ') +
    `${result.exclusions.trials} trial(s) were excluded before analysis` +
    (result.exclusions.by_reason.length > 0
      ? ` (${[...new Set(result.exclusions.by_reason.map((r) => r.reason))].join(', ')})`
      : '') +
    '.';
  const schedule =
    'Error schedule: the AI advice was correct on ' +
    conditions
      .map((c) => {
        const ai = c.metrics.accuracy_ai;
        return `${ai ? `${ai.k} of ${ai.n} trials (${fixed(ai.value)})` : 'no trial'} in ${c.condition}`;
      })
      .join(', ') +
    '.';
  const definitions =
    'Definitions (docs/ANALYSIS.md): ' +
    RELIANCE_METRICS.map((m) => `${m.label} = ${m.definition} (${m.source})`).join('; ') +
    (result.task === 'numeric'
      ? '; weight of advice = (final - initial) / (advice - initial) per trial, clamped to [0, 1], trials with advice equal to the initial estimate excluded (Yaniv 2004)'
      : '') +
    '. Complementarity: final accuracy above both the initial (human alone) and the AI accuracy (Bansal et al. 2021). ' +
    'Reliance discrimination: P(follow | AI right) - P(follow | AI wrong).';
  const tests =
    'Each ratio is reported pooled over trials with a participant-cluster percentile bootstrap 95% interval ' +
    `(${result.bootstrap.resamples} resamples of ${within ? 'participants with all their conditions' : 'participants within condition'}, ` +
    `seed ${result.bootstrap.seed}) and, as a descriptive trial-level interval, a Wilson score 95% interval; and as the ` +
    'mean of per-participant ratios (participants with an empty denominator ' +
    (result.undefined_ratios === 'zero' ? 'counted as 0). ' : 'left out and counted). ') +
    `Each condition is compared with the control (${result.control}): the difference of pooled values with its ` +
    'participant bootstrap 95% interval (the headline interval), and, as descriptive trial-level statistics that treat ' +
    "the trials of a participant as independent, Newcombe's hybrid score interval (method 10), the odds ratio, Pearson " +
    'chi-square without continuity correction and Fisher exact test on the pooled 2x2 table. The inferential tests are ' +
    'on per-participant ratios: ' +
    (within
      ? "paired t-test (Hedges' g_z with its 95% interval) and Wilcoxon signed-rank test (matched-pairs rank-biserial " +
        'correlation) on the participants with a ratio in both conditions, with Holm adjustment of the paired t p-values ' +
        'across the comparisons of each metric' +
        (conditions.length > 2 ? "; Friedman's test across all conditions" : '')
      : "Welch t-test (Hedges' g with its 95% interval) and Mann-Whitney U test (normal approximation with tie and " +
        'continuity corrections; rank-biserial correlation), with Holm adjustment of the Welch p-values across the ' +
        'comparisons of each metric' +
        (conditions.length > 2 ? '; one-way ANOVA and Kruskal-Wallis across all conditions' : '') +
        (factors.length >= 2 ? '; a type II ANOVA of the factors and their interaction' : '')) +
    (result.primary ? `. The primary outcome, declared before analysis, is ${result.primary}` : '') +
    ". Questionnaire scales: item means after reversal, Cronbach's alpha, the same participant-level comparisons, and " +
    'Spearman correlations with per-participant agreement, RAIR and RSR.' +
    (result.models ? '' : ' Mixed-effects logistic models can be fitted with the R script of `confiance analyze --r-script`.');
  return [design, schedule, definitions, tests, ...(result.models ? [modelsParagraph(result)] : [])];
}

/** The mixed models as a paper states them: formula, estimation, contrasts, and which fits were singular. */
function modelsParagraph(result: AnalysisResult): string {
  const entries = modelEntries(result);
  const singular = entries.filter(([, m]) => m.random !== null && m.singular).map(([k]) => k);
  const failed = entries.filter(([, m]) => m.random === null || !m.converged).map(([k]) => k);
  return (
    `Mixed-effects logistic regressions were fitted per trial for ${entries.map(([k]) => k).join(', ')}: ` +
    `${entries[0]?.[1].formula.replace(/^\w+ ~/, 'outcome ~') ?? ''}, binomial with logit link, maximum likelihood with the ` +
    `Laplace approximation (the estimates of lme4::glmer with the bobyqa optimiser, computed natively by Confiance), ` +
    `treatment contrasts against the control (${result.control}); odds ratios are reported with Wald 95% intervals.` +
    (singular.length > 0 ? ` Singular fits (a random-intercept variance estimated at 0): ${singular.join(', ')}.` : '') +
    (failed.length > 0 ? ` Not fitted or not converged: ${failed.join(', ')}.` : '')
  );
}
