# Reference values for the native GLMM fitter (analysis/stats/glmm/):
#   Rscript test/stats/glmm/reference/make_reference.R > test/stats/glmm/reference/reference.json
# Each data set is simulated here with a seeded R RNG (set.seed per data set), stored in the JSON (trials as columns),
# and fitted with lme4::glmer, binomial logit, Laplace (nAGQ = 1), optimizer bobyqa. The exact call, R and lme4
# versions are written next to every fit. Standard errors are recorded both as vcov() gives them (lme4's default for
# glmer: from the finite-difference Hessian of the deviance over (theta, beta)) and from RX (use.hessian = FALSE).
# Each data set is fitted twice: with glmer's defaults, and with its PIRLS converged tightly (tolPwrss = 1e-12 instead
# of 1e-7). lme4's default Hessian is taken by finite differences (step 1e-4) of a deviance whose inner PIRLS stops at
# a relative change of 1e-7, which moves its standard errors by up to ~0.7 %; the tight fit is the same algorithm
# without that noise, and is what a fitter that converges its inner loop reproduces to 0.5 %.
suppressMessages(library(lme4))
library(jsonlite)

simulate <- function(seed, n_participants, n_cases, cases_per_participant, sd_participant, sd_case,
                     conditions, effects, assign = NULL, within = FALSE, factors = NULL) {
  set.seed(seed)
  b_p <- rnorm(n_participants, 0, sd_participant)
  b_c <- rnorm(n_cases, 0, sd_case)
  if (is.null(assign)) assign <- rep_len(seq_along(conditions), n_participants)
  rows <- lapply(seq_len(n_participants), function(p) {
    cs <- sort(sample.int(n_cases, cases_per_participant))
    cond <- if (within) rep_len(sample(seq_along(conditions)), cases_per_participant) else rep(assign[p], cases_per_participant)
    data.frame(participant = p, case = cs, condition = cond)
  })
  d <- do.call(rbind, rows)
  eta <- effects[d$condition] + b_p[d$participant] + b_c[d$case]
  d$y <- rbinom(nrow(d), 1, plogis(eta))
  d
}

versions <- list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                 Matrix = as.character(packageVersion("Matrix")))

fit_one <- function(name, description, d, conditions, formula_text, factors = NULL, keep_levels = conditions) {
  df <- data.frame(y = d$y, participant_id = factor(d$participant), case_id = factor(d$case))
  if (is.null(factors)) {
    df$condition <- factor(conditions[d$condition], levels = keep_levels)
  } else {
    for (f in names(factors)) df[[f]] <- factor(factors[[f]][d$condition], levels = unique(factors[[f]]))
  }
  call_text <- sprintf('glmer(%s, data = d, family = binomial, control = glmerControl(optimizer = "bobyqa"))', formula_text)
  t0 <- proc.time()[["elapsed"]]
  m <- glmer(as.formula(formula_text), data = df, family = binomial, control = glmerControl(optimizer = "bobyqa"))
  seconds <- proc.time()[["elapsed"]] - t0
  fe <- fixef(m)
  se_hess <- sqrt(diag(as.matrix(vcov(m))))
  se_rx <- suppressWarnings(sqrt(diag(as.matrix(vcov(m, use.hessian = FALSE)))))
  vc <- as.data.frame(VarCorr(m))
  sds <- setNames(vc$sdcor, vc$grp)
  msgs <- m@optinfo$conv$lme4$messages
  tight_call <- sprintf('glmer(%s, data = d, family = binomial, control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12))', formula_text)
  mt <- glmer(as.formula(formula_text), data = df, family = binomial,
              control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12))
  vct <- as.data.frame(VarCorr(mt))
  sdt <- setNames(vct$sdcor, vct$grp)
  list(
    name = name, description = description, versions = versions, call = call_text,
    formula = formula_text,
    data = list(participant = d$participant, case = d$case, condition = conditions[d$condition], y = d$y),
    condition_levels = keep_levels, factors = factors,
    reference = list(
      terms = names(fe), estimate = unname(fe), se = unname(se_hess), se_rx = unname(se_rx),
      z = unname(fe / se_hess),
      p = unname(2 * pnorm(-abs(fe / se_hess))),
      theta = unname(getME(m, "theta")), theta_names = names(getME(m, "theta")),
      sd = list(participant_id = unname(sds["participant_id"]), case_id = unname(sds["case_id"])),
      loglik = as.numeric(logLik(m)), deviance = unname(deviance(m)),
      singular = isSingular(m), converged_messages = if (is.null(msgs)) list() else as.list(msgs),
      dropped_columns = as.list(setdiff(colnames(model.matrix(lme4::nobars(as.formula(formula_text)), df)), names(fe))),
      n = nrow(df), fit_seconds = seconds,
      tight = list(call = tight_call, estimate = unname(fixef(mt)), se = unname(sqrt(diag(as.matrix(vcov(mt))))),
                   sd = list(participant_id = unname(sdt["participant_id"]), case_id = unname(sdt["case_id"])),
                   loglik = as.numeric(logLik(mt)), singular = isSingular(mt)),
      expressions = list(estimate = "fixef(m)", se = "sqrt(diag(vcov(m)))",
                         se_rx = "sqrt(diag(vcov(m, use.hessian = FALSE)))", z = "fixef(m) / se",
                         p = "2 * pnorm(-abs(z))", theta = 'getME(m, "theta")',
                         sd = "as.data.frame(VarCorr(m))$sdcor", loglik = "logLik(m)", singular = "isSingular(m)",
                         dropped_columns = "setdiff(colnames(model.matrix(nobars(formula), d)), names(fixef(m)))")
    )
  )
}

four <- c("control", "explanation", "confidence", "both")
cases <- list()

d <- simulate(101, 80, 30, 20, 0.9, 0.7, four, c(0.4, 0.8, -0.3, 0.2))
cases[[length(cases) + 1]] <- fit_one("crossed", "4 conditions between subjects, participant SD 0.9, case SD 0.7, 80 x 20 of 30 cases",
  d, four, "y ~ condition + (1 | participant_id) + (1 | case_id)")

d <- simulate(202, 60, 25, 15, 0.6, 0, four[1:3], c(0.3, 0.6, -0.2))
cases[[length(cases) + 1]] <- fit_one("singular", "3 conditions, case SD 0 (simulated), participant SD 0.6",
  d, four[1:3], "y ~ condition + (1 | participant_id) + (1 | case_id)")

d <- simulate(303, 43, 20, 12, 0.7, 0.5, four[1:3], c(0.5, 1.0, 0.0), assign = c(rep(1:2, 20), 3, 3, 3))
cases[[length(cases) + 1]] <- fit_one("small", "3 conditions, the third has 3 participants",
  d, four[1:3], "y ~ condition + (1 | participant_id) + (1 | case_id)")

d <- simulate(404, 60, 24, 12, 0.8, 0.6, four[1:3], c(-0.5, 0.3, 0.1))
cases[[length(cases) + 1]] <- fit_one("empty-level", "factor with 4 levels, the level 'both' has no trial in this subset (lme4 drops its column)",
  d, four[1:3], "y ~ condition + (1 | participant_id) + (1 | case_id)", keep_levels = four)

six <- c("none.neutral", "fi.neutral", "cf.neutral", "none.authority", "fi.authority", "cf.authority")
factors <- list(explanation = c("none", "fi", "cf", "none", "fi", "cf"),
                framing = c("neutral", "neutral", "neutral", "authority", "authority", "authority"))
d <- simulate(505, 120, 30, 16, 0.7, 0.5, six, c(0.2, 0.6, 0.4, 0.5, 0.3, 1.1))
cases[[length(cases) + 1]] <- fit_one("factorial", "3 x 2 between subjects (explanation x framing)",
  d, six, "y ~ explanation * framing + (1 | participant_id) + (1 | case_id)", factors = factors)

d <- simulate(606, 40, 30, 24, 0.8, 0.6, four[1:3], c(0.1, 0.7, 0.4), within = TRUE)
cases[[length(cases) + 1]] <- fit_one("within", "3 conditions within subjects, each participant sees all three",
  d, four[1:3], "y ~ condition + (1 | participant_id) + (1 | case_id)")

d <- simulate(707, 50, 20, 10, 0, 0.8, four[1:2], c(0.2, 0.9))
cases[[length(cases) + 1]] <- fit_one("singular-participant", "2 conditions, participant SD 0 (simulated), case SD 0.8",
  d, four[1:2], "y ~ condition + (1 | participant_id) + (1 | case_id)")

cat(toJSON(list(generated_by = "Rscript test/stats/glmm/reference/make_reference.R", fits = cases),
           auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE))
