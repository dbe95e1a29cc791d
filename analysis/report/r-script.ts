import type { AnalysisResult } from '../result.ts';
import type { ConditionFactor } from './condition-factors.ts';
import type { ModelCovariate } from '../models/reliance-models.ts';

const rString = (s: string): string => JSON.stringify(s); // R accepts JSON's double-quoted escapes

export interface RScriptOptions {
  /** The trial CSV the script reads: relative to the script's own folder, or absolute. */
  csvPath: string;
  /** The factors of a factorial design (conditionFactors(result)), or null for one flat condition factor. */
  factors: readonly ConditionFactor[] | null;
  /** `--group-by column`: the groups of that column replace the conditions, as in the analysis. */
  groupBy?: string;
  /**
   * `--model-covariates`: the same fixed covariates as the native models (trial_z, ai_confidence), so that the script
   * fits the models of the report's `models` and gives the same numbers. None by default, as there.
   */
  covariates?: readonly ModelCovariate[];
}

/** One mixed-effects logistic model: its name, what its condition terms estimate, its outcome, trials and terms. */
interface ModelSpec {
  name: string;
  estimand: string;
  outcome: 'follow' | 'stay';
  /** An R expression selecting the trials of the model from `d`. */
  subset: string;
  /** Whether the fixed part crosses the condition terms with the centred AI correctness. */
  discrimination: boolean;
}

/**
 * An R script (lme4) fitting the mixed-effects logistic models of docs/ANALYSIS.md on the trial CSV:
 * agreement (no interaction), discrimination (condition x centred AI correctness), over-reliance (AI-wrong trials),
 * and for two-stage data RAIR and RSR, each with participant and case random intercepts, the trial position as a
 * covariate and treatment contrasts against the control. Before each fit the script prints the trials per condition
 * of the subset and says which condition has none (it is then left out of that model); after it, the columns lme4
 * dropped as not estimable, convergence warnings and singular fits.
 */
export function renderRScript(result: AnalysisResult, options: RScriptOptions): string {
  const numeric = result.task === 'numeric';
  const twoStage = result.conditions.some((c) => c.metrics.accuracy_initial !== null);
  const factors = options.factors;
  const terms = factors ? factors.map((f) => f.name).join(' * ') : 'condition';
  const lines = [
    `# Mixed-effects logistic models for ${oneLine(result.experiment)}, written by \`confiance analyze --r-script\`.`,
    '# Run: Rscript this-file.R [trials.csv]   (needs the lme4 package; definitions in docs/ANALYSIS.md of Confiance).',
    `# Every model has participant and case random intercepts${covariateComment(options.covariates ?? [])}, as the report's \`models\`.`,
    '# Its odds ratios are conditional on the random effects (a typical participant on a typical case), so they are',
    '# further from 1 than the pooled odds ratios of the report, which average over participants and cases.',
    'suppressPackageStartupMessages(library(lme4))',
    'options(contrasts = c("contr.treatment", "contr.poly"))  # treatment contrasts: each effect is against the control',
    'options(width = 200)  # tables on one line each',
    'cat(R.version.string, "- lme4", as.character(packageVersion("lme4")), "\\n")',
    '',
    '# The trial CSV: the first argument, else the file named here (relative to the folder of this script).',
    'script_dir <- local({',
    '  f <- sub("^--file=", "", grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE))',
    '  if (length(f) == 1) dirname(normalizePath(f)) else getwd()',
    '})',
    'args <- commandArgs(trailingOnly = TRUE)',
    `csv_path <- ${rString(options.csvPath)}`,
    'if (length(args) >= 1) csv_path <- args[1] else if (!grepl("^(/|[A-Za-z]:)", csv_path)) csv_path <- file.path(script_dir, csv_path)',
    'd <- read.csv(csv_path, colClasses = "character", na.strings = character(0), check.names = FALSE)',
    'd[] <- lapply(d, trimws)  # cells are compared trimmed, as the report reads them',
    '# Excluded trials (attention check failed, too fast) are left out, as in every statistic of the report.',
    'if ("excluded" %in% names(d)) d <- d[d$excluded != "1", ]',
    ...whereLines(result.filters?.where ?? []),
    `# Decisions are compared ${numeric ? `as numbers within the tolerance ${result.tolerance} (correct_within)` : 'as labels (string equality)'}.`,
    numeric
      ? `same <- function(x, y) abs(as.numeric(x) - as.numeric(y)) <= ${result.tolerance} * (1 + 1e-12)`
      : 'same <- function(x, y) x == y',
    'd$trial_z <- as.numeric(d$trial_index)',
    'd$trial_z <- if (sd(d$trial_z) > 0) (d$trial_z - mean(d$trial_z)) / sd(d$trial_z) else 0  # standardised, for convergence',
    `model_covariates <- ${rCovariates(options.covariates ?? [])}  # --model-covariates, as in the report's models`,
    'if ("ai_confidence" %in% names(d)) d$ai_confidence <- suppressWarnings(as.numeric(d$ai_confidence))',
    'd$ai_correct <- as.integer(same(d$ai_advice, d$truth))',
    '# Effect-coded AI correctness (+1/2 right, -1/2 wrong): main effects are then taken midway between AI-right and',
    '# AI-wrong trials, not on one kind of trial.',
    'd$ai_correct_c <- d$ai_correct - 0.5',
    'd$follow <- as.integer(same(d$final, d$ai_advice))',
    'if (!("initial" %in% names(d))) d$initial <- ""  # an optional column',
    'd$has_initial <- d$initial != ""  # empty in one-stage designs',
    'd$initial_correct <- ifelse(d$has_initial, as.integer(same(d$initial, d$truth)), NA)',
    'd$stay <- ifelse(d$has_initial, as.integer(same(d$final, d$initial)), NA)',
    ...(options.groupBy === undefined
      ? []
      : [`d$condition <- d[[${rString(options.groupBy)}]]  # --group-by: the groups of this column are the conditions`]),
    `d$condition <- factor(d$condition, levels = ${rVector(result.conditions.map((c) => c.condition))})`,
    `d$condition <- relevel(d$condition, ref = ${rString(result.control)})  # the control condition`,
    'conditions_seen <- tapply(d$condition, d$participant_id, function(x) length(unique(x)))',
    'cat(nrow(d), "trials of", length(conditions_seen), "participants;",',
    '    if (any(conditions_seen > 1)) "within-subjects: participants saw several conditions (the participant intercept pairs them)"',
    '    else "between-subjects: one condition per participant", "\\n")',
    ...factorLines(factors),
    '',
    `effects <- ${rString(terms)}`,
    `references <- ${referenceList(factors, result.control)}`,
    ...FIT_MODEL,
  ];
  for (const [index, model] of modelSpecs(twoStage, factors !== null).entries()) {
    lines.push(
      '',
      `# ${index + 1}. ${model.name}: ${model.estimand}`,
      `m_${model.name} <- fit_model(${rString(model.name)}, ${rString(model.estimand)}, ${rString(model.outcome)},`,
      `  ${model.discrimination ? 'paste0("(", effects, ") * ai_correct_c")' : 'effects'}, ${model.subset})`,
    );
  }
  if (!twoStage) lines.push('', '# One-stage data: no initial decision, so the RAIR and RSR models do not apply.');
  lines.push('');
  return lines.join('\n');
}

function modelSpecs(twoStage: boolean, factorial: boolean): ModelSpec[] {
  // Treatment contrasts make a factorial "main effect" the simple effect at the other factors' reference levels.
  const effect = factorial
    ? "each factor level against its reference level at the other factors' reference levels (simple effects, treatment contrasts), and the interactions (differences of those effects)"
    : 'each condition against the control';
  const specs: ModelSpec[] = [
    {
      name: 'agreement',
      estimand: `odds of following the advice on all trials: ${effect} (no AI-correctness term: the effect averages over AI-right and AI-wrong trials as they occurred)`,
      outcome: 'follow',
      subset: 'd',
      discrimination: false,
    },
    {
      name: 'discrimination',
      estimand:
        `following crossed with effect-coded AI correctness: the ${factorial ? 'factor' : 'condition'} terms are ${effect} midway between AI-right and AI-wrong trials; ` +
        'ai_correct_c is the log odds ratio of following when the AI is right vs wrong in the control (reliance discrimination); ' +
        'each term x ai_correct_c is how much that discrimination changes against the control',
      outcome: 'follow',
      subset: 'd',
      discrimination: true,
    },
    {
      name: 'overreliance',
      estimand: `odds of following the advice on AI-wrong trials only: ${effect}`,
      outcome: 'follow',
      subset: 'd[d$ai_correct == 0, ]',
      discrimination: false,
    },
  ];
  if (twoStage) {
    specs.push(
      {
        name: 'rair',
        estimand: `odds of switching to the advice when initially wrong and the AI right (RAIR, Schemmer et al. 2023): ${effect}`,
        outcome: 'follow',
        subset: 'd[d$has_initial & d$initial_correct == 0 & d$ai_correct == 1, ]',
        discrimination: false,
      },
      {
        name: 'rsr',
        estimand: `odds of keeping the initial decision when initially right and the AI wrong (RSR, Schemmer et al. 2023): ${effect}`,
        outcome: 'stay',
        subset: 'd[d$has_initial & d$initial_correct == 1 & d$ai_correct == 0, ]',
        discrimination: false,
      },
    );
  }
  return specs;
}

/** Factorial designs: one column per factor, each condition mapped to its level, releveled to the control's level. */
function factorLines(factors: readonly ConditionFactor[] | null): string[] {
  if (factors === null) return [];
  return [
    '# Factorial design: each condition mapped to its level of each factor; the control gives the reference levels.',
    ...factors.map((f) => {
      const lookup = Object.entries(f.levelOf).map(([condition, level]) => `${rString(condition)} = ${rString(level)}`);
      return (
        `d$${f.name} <- relevel(factor(unname(c(${lookup.join(', ')})[as.character(d$condition)]), ` +
        `levels = ${rVector(f.levels)}), ref = ${rString(f.reference)})`
      );
    }),
  ];
}

function referenceList(factors: readonly ConditionFactor[] | null, control: string): string {
  if (factors === null) return `list(condition = ${rString(control)})`;
  return `list(${factors.map((f) => `${f.name} = ${rString(f.reference)}`).join(', ')})`;
}

/** `--where column=value` filters of the analysis, applied to the same rows (cells compared trimmed, as text). */
function whereLines(specs: readonly string[]): string[] {
  if (specs.length === 0) return [];
  return [
    '# Only the rows the analysis kept (--where):',
    ...specs.map((spec) => {
      const at = spec.indexOf('=');
      return `d <- d[trimws(d[[${rString(spec.slice(0, at).trim())}]]) == ${rString(spec.slice(at + 1).trim())}, ]`;
    }),
  ];
}

const rVector = (values: readonly string[]): string => `c(${values.map(rString).join(', ')})`;
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

/** The covariates' names in the data, as an R character vector (the native models name them the same). */
const COVARIATE_COLUMNS: Record<ModelCovariate, string> = { position: 'trial_z', confidence: 'ai_confidence' };
const rCovariates = (covariates: readonly ModelCovariate[]): string =>
  covariates.length === 0 ? 'character(0)' : rVector(covariates.map((c) => COVARIATE_COLUMNS[c]));
const covariateComment = (covariates: readonly ModelCovariate[]): string =>
  covariates.length === 0 ? '' : ` and the fixed covariate(s) ${covariates.map((c) => COVARIATE_COLUMNS[c]).join(', ')}`;

/**
 * The R function every model goes through: prints the subset's trials per condition, refuses to fit (saying why)
 * when the subset is empty, the outcome constant or the reference level absent, fits with warnings captured, then
 * reports dropped columns, convergence messages, singular fits and the odds-ratio table with Wald 95% intervals.
 */
const FIT_MODEL = [
  'ctrl <- glmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5))',
  'fit_model <- function(name, estimand, outcome, rhs, data) {',
  '  cat("\\n==== ", name, " ====\\n", paste(strwrap(estimand, 100), collapse = "\\n"), "\\n", sep = "")',
  '  counts <- table(data$condition)',
  '  rates <- as.vector(tapply(data[[outcome]], data$condition, mean))',
  '  cat("Trials per condition in this model, and the share with", outcome, "= 1:\\n")',
  '  print(data.frame(trials = as.vector(counts), share = round(rates, 3), row.names = names(counts)))',
  '  separated <- names(counts)[counts > 0 & rates %in% c(0, 1)]',
  '  if (length(separated) > 0) cat("SEPARATION: the outcome is the same on every trial of", paste(separated, collapse = ", "),',
  '    "- its odds ratio is infinite and its estimate below is not interpretable.\\n")',
  '  empty <- names(counts)[counts == 0]',
  '  if (length(empty) > 0) cat("No trial here for condition(s):", paste(empty, collapse = ", "), "- left out of this model.\\n")',
  '  if (nrow(data) == 0) { cat("No trial: model not fitted.\\n"); return(invisible(NULL)) }',
  '  if (length(unique(data[[outcome]])) < 2) {',
  '    cat("The outcome", outcome, "is", unique(data[[outcome]]), "on every trial: model not fitted.\\n"); return(invisible(NULL))',
  '  }',
  '  data <- droplevels(data)',
  '  for (f in names(references)) if (!(references[[f]] %in% levels(data[[f]]))) {',
  '    cat("The reference level", references[[f]], "of", f, "has no trial here: no effect against it can be estimated; model not fitted.\\n")',
  '    return(invisible(NULL))',
  '  }',
  '  terms <- model_covariates',
  '  if ("ai_confidence" %in% terms && (!("ai_confidence" %in% names(data)) || any(is.na(data$ai_confidence)))) {',
  '    cat("covariate ai_confidence left out: not shown on every trial of this model\\n"); terms <- setdiff(terms, "ai_confidence")',
  '  }',
  '  covariates <- paste(vapply(terms, function(t) paste("+", t), ""), collapse = " ")',
  '  formula <- as.formula(paste(outcome, "~", rhs, covariates, "+ (1 | participant_id) + (1 | case_id)"))',
  '  cat("Model: glmer(", deparse1(formula), ", family = binomial)\\n", sep = "")',
  '  cat(nrow(data), "trials,", length(unique(data$participant_id)), "participants,", length(unique(data$case_id)), "cases\\n")',
  '  notes <- character(0)',
  '  m <- tryCatch(withCallingHandlers(',
  '    glmer(formula, data = data, family = binomial, control = ctrl),',
  '    warning = function(w) { notes <<- c(notes, conditionMessage(w)); invokeRestart("muffleWarning") },',
  '    message = function(e) { notes <<- c(notes, conditionMessage(e)); invokeRestart("muffleMessage") }),',
  '    error = function(e) { cat("Model failed:", conditionMessage(e), "\\n"); NULL })',
  '  if (is.null(m)) return(invisible(NULL))',
  '  fe <- fixef(m, add.dropped = TRUE)',
  '  dropped <- names(fe)[is.na(fe)]',
  '  if (length(dropped) > 0) cat("DROPPED by lme4 (not estimable from these trials: an empty cell, or a condition without both",',
  '    "kinds of trial):", paste(dropped, collapse = ", "), "\\n")',
  '  notes <- unique(trimws(c(notes, m@optinfo$conv$lme4$messages)))',
  '  for (note in notes[!grepl("singular", notes)]) cat("WARNING:", note, "\\n")  # singular fits: said below',
  '  if (isSingular(m)) cat("SINGULAR FIT: a random-effect variance is estimated at zero; the intervals below may be too narrow.\\n")',
  '  co <- coef(summary(m))',
  '  if (any(abs(co[, 1]) > 10)) cat("SEPARATION? a log odds ratio beyond 10 in absolute value: (quasi-)complete separation is likely.\\n")',
  '  table <- data.frame(log_odds = co[, 1], se = co[, 2], OR = exp(co[, 1]),',
  '    OR_lo = exp(co[, 1] - qnorm(0.975) * co[, 2]), OR_hi = exp(co[, 1] + qnorm(0.975) * co[, 2]), p = co[, 4])',
  '  cat("Fixed effects (odds ratios with Wald 95% intervals; the intercept is the odds in the control):\\n")',
  '  print(signif(table, 4))',
  '  cat("Random intercepts (SD):", paste(sprintf("%s %.3f", names(VarCorr(m)), sqrt(sapply(VarCorr(m), c))), collapse = ", "), "\\n")',
  '  invisible(m)',
  '}',
];
