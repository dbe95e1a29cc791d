# Reference values for the mixed models of `confiance analyze` (analysis/models/reliance-models.ts):
#   cd test/analysis/fixtures && Rscript ../reference/models_reference.R > models-expected.json
# For each trial CSV fixture, every model's trials and 0/1 outcome are derived here independently from METRICS.md
# (section 1: agreement = final equals the advice, all trials; overreliance = followed, AI wrong; rair = followed,
# initially wrong and AI right; rsr = kept the initial answer, initially right and AI wrong), excluded rows dropped,
# then fitted with lme4::glmer (binomial, bobyqa), once with the defaults and once with tolPwrss = 1e-12 (the same
# algorithm with its inner loop converged; see test/stats/glmm/reference/make_reference.R). The calls and the R and
# lme4 versions are written next to every value.
suppressMessages(library(lme4))
library(jsonlite)

fixtures <- list(
  list(file = "realistic-trials.csv", tolerance = NA, factors = NULL),
  list(file = "realistic-trials.csv", tolerance = NA, factors = NULL, covariates = "position"),
  list(file = "factorial-trials.csv", tolerance = NA, factors = c("explanation", "framing"), covariates = c("position", "confidence")),
  list(file = "numeric-trials.csv", tolerance = 5, factors = NULL),
  list(file = "categorical-one-stage.csv", tolerance = NA, factors = NULL),
  list(file = "within-trials.csv", tolerance = NA, factors = NULL),
  list(file = "factorial-trials.csv", tolerance = NA, factors = c("explanation", "framing"))
)
versions <- list(R = R.version.string, lme4 = as.character(packageVersion("lme4")))

fit_model <- function(d, formula_text, tight) {
  control <- if (tight) glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12) else glmerControl(optimizer = "bobyqa")
  m <- glmer(as.formula(formula_text), data = d, family = binomial, control = control)
  vc <- as.data.frame(VarCorr(m))
  sds <- setNames(vc$sdcor, vc$grp)
  fe <- fixef(m)
  se <- sqrt(diag(as.matrix(vcov(m))))
  list(terms = names(fe), estimate = unname(fe), se = unname(se), z = unname(fe / se), p = unname(2 * pnorm(-abs(fe / se))),
       sd = list(participant_id = unname(sds["participant_id"]), case_id = unname(sds["case_id"])),
       loglik = as.numeric(logLik(m)), singular = isSingular(m))
}

out <- list()
for (fx in fixtures) {
  d <- read.csv(fx$file, colClasses = "character", check.names = FALSE)
  d <- d[d$excluded != "1", ]
  same <- if (is.na(fx$tolerance)) function(a, b) a == b else
    function(a, b) abs(as.numeric(a) - as.numeric(b)) <= fx$tolerance * (1 + 1e-12)
  has_initial <- d$initial != ""
  aic <- same(d$ai_advice, d$truth)
  follow <- same(d$final, d$ai_advice)
  h0c <- has_initial & same(ifelse(has_initial, d$initial, d$truth), d$truth)
  stay <- has_initial & same(ifelse(has_initial, d$initial, d$final), d$final)
  two_stage <- any(has_initial)
  conditions <- unique(read.csv(fx$file, colClasses = "character")$condition)
  control <- if ("none" %in% conditions) "none" else conditions[1]
  conditions <- c(control, setdiff(conditions, control))
  subsets <- list(agreement = list(rows = rep(TRUE, nrow(d)), y = follow),
                  overreliance = list(rows = !aic, y = follow))
  if (two_stage) {
    subsets$rair <- list(rows = has_initial & !h0c & aic, y = follow)
    subsets$rsr <- list(rows = has_initial & h0c & !aic, y = stay)
  }
  models <- list()
  for (metric in names(subsets)) {
    s <- subsets[[metric]]
    md <- data.frame(y = as.integer(s$y[s$rows]), participant_id = factor(d$participant_id[s$rows]),
                     case_id = factor(d$case_id[s$rows]))
    present <- conditions[conditions %in% d$condition[s$rows]]
    if (is.null(fx$factors)) {
      md$condition <- factor(d$condition[s$rows], levels = present)
      rhs <- "condition"
    } else {
      for (f in fx$factors) {
        level_of <- setNames(d[[f]], d$condition)
        lv <- unique(unname(level_of[conditions]))
        md[[f]] <- factor(d[[f]][s$rows], levels = lv)
      }
      rhs <- paste(fx$factors, collapse = " * ")
    }
    # Covariates: trial position standardised over all analysed trials (scale(), as the --r-script script's trial_z),
    # the displayed AI confidence as is.
    if ("position" %in% fx$covariates) {
      md$trial_z <- as.numeric(scale(as.numeric(d$trial_index)))[s$rows]
      rhs <- paste(rhs, "+ trial_z")
    }
    if ("confidence" %in% fx$covariates) {
      md$ai_confidence <- as.numeric(d$ai_confidence[s$rows])
      rhs <- paste(rhs, "+ ai_confidence")
    }
    formula_text <- sprintf("%s ~ %s + (1 | participant_id) + (1 | case_id)", "y", rhs)
    call <- sprintf('glmer(%s, data = <%s trials of %s>, family = binomial, control = glmerControl(optimizer = "bobyqa"))',
                    formula_text, metric, fx$file)
    fit <- tryCatch(fit_model(md, formula_text, FALSE), error = function(e) list(error = conditionMessage(e)))
    tight <- tryCatch(fit_model(md, formula_text, TRUE), error = function(e) list(error = conditionMessage(e)))
    models[[metric]] <- list(call = call, tight_call = sub('"bobyqa"', '"bobyqa", tolPwrss = 1e-12', call),
                             n = nrow(md), conditions_without_trials = as.list(setdiff(conditions, present)),
                             fit = fit, tight = tight)
  }
  key <- if (is.null(fx$covariates)) fx$file else paste(fx$file, "with", paste(fx$covariates, collapse = ","))
  out[[key]] <- list(file = fx$file, tolerance = fx$tolerance, factors = fx$factors,
                     covariates = if (is.null(fx$covariates)) NULL else I(fx$covariates),
                     control = control, models = models)
}
cat(toJSON(list(generated_by = "cd test/analysis/fixtures && Rscript ../reference/models_reference.R > models-expected.json",
                versions = versions, fixtures = out), auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE))
