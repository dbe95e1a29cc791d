# lme4's time for the four mixed models of `confiance analyze` on a trial CSV (the analysis benchmark runs it beside
# the native fit when Rscript exists): Rscript bench/lme4-models.R trials.csv  -> one JSON line on stdout.
# Outcomes as METRICS.md section 1 and test/analysis/reference/models_reference.R; binary labels compared as strings.
suppressMessages(library(lme4))
d <- read.csv(commandArgs(TRUE)[1], colClasses = "character")
d <- d[d$excluded != "1", ]
has_initial <- d$initial != ""
aic <- d$ai_advice == d$truth
follow <- d$final == d$ai_advice
h0c <- has_initial & d$initial == d$truth
stay <- has_initial & d$final == d$initial
conditions <- unique(d$condition)
control <- if ("none" %in% conditions) "none" else conditions[1]
subsets <- list(agreement = list(rows = rep(TRUE, nrow(d)), y = follow), overreliance = list(rows = !aic, y = follow),
                rair = list(rows = has_initial & !h0c & aic, y = follow), rsr = list(rows = has_initial & h0c & !aic, y = stay))
seconds <- list()
cpu <- list()
for (metric in names(subsets)) {
  s <- subsets[[metric]]
  if (!any(s$rows)) next
  md <- data.frame(y = as.integer(s$y[s$rows]), participant_id = factor(d$participant_id[s$rows]),
                   case_id = factor(d$case_id[s$rows]),
                   condition = factor(d$condition[s$rows], levels = c(control, setdiff(conditions, control))))
  t <- system.time(glmer(y ~ condition + (1 | participant_id) + (1 | case_id), data = md, family = binomial,
                         control = glmerControl(optimizer = "bobyqa")))
  seconds[[metric]] <- t[["elapsed"]]
  cpu[[metric]] <- t[["user.self"]] + t[["sys.self"]]
}
cat(jsonlite::toJSON(list(lme4 = as.character(packageVersion("lme4")), R = R.version.string, seconds = seconds, cpu = cpu),
                     auto_unbox = TRUE, digits = NA), "\n")
