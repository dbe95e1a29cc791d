import type { AnalysisResult } from '../result.ts';

const rString = (s: string): string => JSON.stringify(s); // R accepts JSON's double-quoted escapes

/**
 * An R script (lme4) fitting the mixed-effects logistic models of METRICS.md section 3 on the trial CSV, with one
 * comment per model saying what question it answers. Trial-level models with participant and case random
 * intercepts are the inferential counterpart of the pooled chi-square tests, which ignore clustering.
 */
export function renderRScript(result: AnalysisResult, csvPath: string): string {
  const numeric = result.task === 'numeric';
  const same = numeric
    ? `same <- function(x, y) abs(as.numeric(x) - as.numeric(y)) <= ${result.tolerance}`
    : 'same <- function(x, y) x == y';
  const twoStage = result.conditions.some((c) => c.metrics.accuracy_initial !== null);
  const lines = [
    `# Mixed-effects models for ${result.experiment}, written by \`confiance analyze --r-script\`.`,
    '# Definitions follow METRICS.md; run with: Rscript this-file.R (needs the lme4 package).',
    'library(lme4)',
    '',
    `d <- read.csv(${rString(csvPath)}, colClasses = "character", na.strings = character(0))`,
    '# Excluded trials (attention check failed, too fast) are left out, as in every statistic of the report.',
    'if ("excluded" %in% names(d)) d <- d[d$excluded != "1", ]',
    `# Decisions are compared ${numeric ? `as numbers within the tolerance ${result.tolerance} (correct_within)` : 'as labels (string equality)'}.`,
    same,
    `d$condition <- relevel(factor(d$condition), ref = ${rString(result.control)})  # the control condition`,
    'd$trial_index <- as.numeric(d$trial_index)',
    'd$trial_z <- as.numeric(scale(d$trial_index))  # standardised for convergence',
    'd$ai_correct <- as.integer(same(d$ai_advice, d$truth))',
    'd$follow <- as.integer(same(d$final, d$ai_advice))',
    'if (!("initial" %in% names(d))) d$initial <- ""  # an optional column',
    'd$has_initial <- d$initial != ""  # empty in one-stage designs',
    'd$initial_correct <- ifelse(d$has_initial, as.integer(same(d$initial, d$truth)), NA)',
    'd$stay <- ifelse(d$has_initial, as.integer(same(d$final, d$initial)), NA)',
    'ctrl <- glmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5))',
    '',
    '# 1. Agreement: does the explanation condition change how often the final decision follows the advice, and does',
    '#    it change differently when the AI is right and when it is wrong (condition x ai_correct = discrimination)?',
    'm_follow <- glmer(follow ~ condition * ai_correct + trial_z + (1 | participant_id) + (1 | case_id),',
    '                  data = d, family = binomial, control = ctrl)',
    'print(summary(m_follow))',
    '',
    '# 2. Over-reliance: on trials where the AI is wrong, does the condition change how often people follow it?',
    'm_over <- glmer(follow ~ condition + trial_z + (1 | participant_id) + (1 | case_id),',
    '                data = subset(d, ai_correct == 0), family = binomial, control = ctrl)',
    'print(summary(m_over))',
  ];
  if (twoStage) {
    lines.push(
      '',
      '# 3. RAIR (Schemmer et al. 2023): when the person was initially wrong and the AI right, does the condition change',
      '#    how often they switch to the (correct) advice?',
      'm_rair <- glmer(follow ~ condition + trial_z + (1 | participant_id) + (1 | case_id),',
      '                data = subset(d, has_initial & initial_correct == 0 & ai_correct == 1), family = binomial, control = ctrl)',
      'print(summary(m_rair))',
      '',
      '# 4. RSR (Schemmer et al. 2023): when the person was initially right and the AI wrong, does the condition change',
      '#    how often they keep their own (correct) decision?',
      'm_rsr <- glmer(stay ~ condition + trial_z + (1 | participant_id) + (1 | case_id),',
      '               data = subset(d, has_initial & initial_correct == 1 & ai_correct == 0), family = binomial, control = ctrl)',
      'print(summary(m_rsr))',
    );
  } else {
    lines.push('', '# One-stage data: no initial decision, so the RAIR and RSR models do not apply.');
  }
  lines.push(
    '',
    '# Odds ratios with Wald 95% intervals for the condition terms of each model.',
    `models <- list(agreement = m_follow, overreliance = m_over${twoStage ? ', rair = m_rair, rsr = m_rsr' : ''})`,
    'for (name in names(models)) {',
    '  est <- fixef(models[[name]])',
    '  se <- sqrt(diag(as.matrix(vcov(models[[name]]))))',
    '  keep <- grepl("^condition", names(est))',
    '  cat("\\n", name, "\\n")',
    '  print(round(exp(cbind(OR = est[keep], lo = est[keep] - 1.96 * se[keep], hi = est[keep] + 1.96 * se[keep])), 3))',
    '}',
    '',
  );
  return lines.join('\n');
}
