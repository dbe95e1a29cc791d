# Pooled reliance rates by condition with data.table, the reference for `npm run bench -- analysis`
# (metric_ratio_vs_datatable): fread of the trial CSV (METRICS.md section 5), then per condition the pooled counts
# k / n of accuracy (initial, final), agreement, over-reliance (follows wrong advice) and under-reliance (rejects
# right advice), over the trials not excluded. Prints one JSON line: data.table version and threads, `seconds` and
# `cpu` of the read + the rates alone, `process_cpu` of the whole R process so far (start-up and library load
# included, as the bench counts confiance's), and the counts, which the bench checks equal to confiance's.
# Usage: Rscript bench/datatable-rates.R trials.csv
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)

cpu0 <- proc.time()
t0 <- Sys.time()
trials <- fread(args[1], colClasses = list(character = c("truth", "ai_advice", "initial", "final")))
rates <- trials[excluded == 0, .(
  trials = .N,
  accuracy_initial = sum(initial == truth),
  accuracy_final = sum(final == truth),
  agreement = sum(final == ai_advice),
  ai_wrong = sum(ai_advice != truth),
  overreliance = sum(ai_advice != truth & final == ai_advice),
  ai_right = sum(ai_advice == truth),
  underreliance = sum(ai_advice == truth & final != ai_advice)
), keyby = condition]
seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
cpu <- proc.time() - cpu0
rows <- lapply(seq_len(nrow(rates)), function(i) {
  r <- rates[i]
  sprintf(
    paste0('{"condition":"%s","trials":%d,"accuracy_initial":[%d,%d],"accuracy_final":[%d,%d],"agreement":[%d,%d],',
           '"overreliance":[%d,%d],"underreliance":[%d,%d]}'),
    r$condition, r$trials, r$accuracy_initial, r$trials, r$accuracy_final, r$trials, r$agreement, r$trials,
    r$overreliance, r$ai_wrong, r$underreliance, r$ai_right)
})
total <- proc.time()
cat(sprintf('{"datatable":"%s","threads":%d,"seconds":%.4f,"cpu":%.4f,"process_cpu":%.4f,"conditions":[%s]}\n',
            as.character(packageVersion("data.table")), getDTthreads(), seconds,
            cpu[["user.self"]] + cpu[["sys.self"]], total[["user.self"]] + total[["sys.self"]],
            paste(unlist(rows), collapse = ",")))
