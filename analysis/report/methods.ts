import type { AnalysisResult } from '../result.ts';
import { RELIANCE_METRICS } from '../metrics/reliance-metrics.ts';
import { fixed } from './number-format.ts';

/**
 * The methods paragraph of the report, in sentences a paper can reuse: the design as observed in the data, the AI's
 * error schedule (its accuracy per condition), the metric definitions and the tests used.
 */
export function methodsParagraphs(result: AnalysisResult): string[] {
  const conditions = result.conditions;
  const participants = conditions.reduce((s, c) => s + c.participants, 0);
  const trials = conditions.reduce((s, c) => s + c.trials, 0);
  const twoStage = conditions.some((c) => c.metrics.accuracy_initial !== null);
  const design =
    `${participants} participants were analysed in ${conditions.length} between-participant condition(s) ` +
    `(${conditions.map((c) => `${c.condition}: ${c.participants} participants, ${c.trials} trials`).join('; ')}), ` +
    `${trials} trials in total. ` +
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
    'Definitions (METRICS.md): ' +
    RELIANCE_METRICS.map((m) => `${m.label} = ${m.definition} (${m.source})`).join('; ') +
    (result.task === 'numeric'
      ? '; weight of advice = (final - initial) / (advice - initial) per trial, clamped to [0, 1], trials with advice equal to the initial estimate excluded (Yaniv 2004)'
      : '') +
    '. Complementarity: final accuracy above both the initial (human alone) and the AI accuracy (Bansal et al. 2021). ' +
    'Reliance discrimination: P(follow | AI right) - P(follow | AI wrong).';
  const tests =
    'Each ratio is reported pooled over trials with a Wilson score 95% interval and a participant-cluster percentile ' +
    `bootstrap 95% interval (${result.bootstrap.resamples} resamples of participants within condition, seed ${result.bootstrap.seed}), ` +
    'and as the mean of per-participant ratios (participants with an empty denominator left out and counted). ' +
    `Each condition is compared with the control (${result.control}): difference with Newcombe's hybrid score interval ` +
    '(method 10), odds ratio, Pearson chi-square without continuity correction and Fisher exact test on the pooled ' +
    '2x2 table (descriptive: trials of a participant are not independent), and, as the inferential tests, Welch t-test ' +
    "(Hedges' g) and Mann-Whitney U test (normal approximation with tie and continuity corrections; rank-biserial " +
    'correlation) on per-participant ratios, with Holm adjustment of the Welch p-values across the comparisons of each ' +
    'metric' +
    (conditions.length > 2 ? '; one-way ANOVA and Kruskal-Wallis across all conditions' : '') +
    ". Questionnaire scales: item means after reversal, Cronbach's alpha, the same participant-level comparisons, and " +
    'Spearman correlations with per-participant agreement, RAIR and RSR. Mixed-effects logistic models ' +
    '(lme4::glmer, participant and case random intercepts) can be fitted with the R script of `confiance analyze --r-script`.';
  return [design, schedule, definitions, tests];
}
