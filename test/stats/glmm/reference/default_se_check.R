# Why glmer's default standard errors differ from the native ones by up to 0.7 % on two reference data sets (issue 12):
#   Rscript test/stats/glmm/reference/default_se_check.R        (R 4.2.2 Patched r83330, lme4 1.1.31)
# glmer's vcov (use.hessian = TRUE) is 2 solve(H)[beta, beta] with H = lme4:::deriv12(devfun, c(theta, beta))$Hessian,
# central second differences (step 1e-4) of the stage-2 deviance function, whose PIRLS restarts from a fixed linear
# predictor (lp0, set after the nAGQ = 0 stage) and stops at a relative change of 1e-7 (tolPwrss). This script takes
# that Hessian at lme4's own default optimum twice: with the default devfun it reproduces vcov(m) exactly (the devfun
# is deterministic); with the same devfun converged tightly (tolPwrss = 1e-12) it gives the tight fit's SEs to
# 0.01-0.02 %. So the default SEs differ from the tight ones by the inner loop's truncation error, magnified by the
# 1e-8 divisor of the second difference, not by the optimum (the two optima differ by ~2e-4, which moves the SEs by
# < 0.02 %) nor by the formula. The native fit takes the same Hessian from the exact gradient with PIRLS converged,
# and equals the tight column. Output of the run (6 December 2026):
#   crossed   vcov(m) default 0.240305 0.3027945 0.3002999 0.29898;  vcov(mt) tight 0.2408442 0.3037263 0.3010053 0.2995815
#             deriv12 default devfun at m's optimum: 0.240305 0.3027945 0.3002999 0.29898 (twice, identical)
#             deriv12 tight devfun at m's optimum:   0.2408234 0.3037001 0.3009808 0.2995578
#   within    vcov(m) default 0.2224994 0.1805399 0.178573;  vcov(mt) tight 0.2230369 0.1818363 0.1798427
#             deriv12 default devfun: 0.2224994 0.1805399 0.178573; tight devfun: 0.2230207 0.1818322 0.1798403
#   singular-participant  vcov(m) default 0.2625202 0.2066215;  vcov(mt) tight 0.2633087 0.2079538
#             deriv12 default devfun: 0.2625202 0.2066215; tight devfun: 0.2632694 0.20795
suppressMessages(library(lme4)); library(jsonlite)
ref <- fromJSON("test/stats/glmm/reference/reference.json", simplifyVector = FALSE)$fits
for (f in ref) {
  if (!(f$name %in% c("within", "singular-participant", "crossed"))) next
  d <- data.frame(y = unlist(f$data$y), participant_id = factor(unlist(f$data$participant)), case_id = factor(unlist(f$data$case)),
                  condition = factor(unlist(f$data$condition), levels = unlist(f$condition_levels)))
  form <- as.formula(f$formula)
  m <- glmer(form, data = d, family = binomial, control = glmerControl(optimizer = "bobyqa"))
  mt <- glmer(form, data = d, family = binomial, control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12))
  se <- function(h, p) sqrt(diag(2 * solve(h)[-(1:2), -(1:2)]))
  x <- c(getME(m, "theta"), fixef(m))
  dd <- update(m, devFunOnly = TRUE)
  h1 <- lme4:::deriv12(dd, x)$Hessian
  h2 <- lme4:::deriv12(dd, x)$Hessian
  ddt <- update(m, devFunOnly = TRUE, control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12))
  ht <- lme4:::deriv12(ddt, x)$Hessian
  xt <- c(getME(mt, "theta"), fixef(mt))
  cat(f$name, "\n")
  cat("  vcov(m) default        ", signif(sqrt(diag(as.matrix(vcov(m)))), 7), "\n")
  cat("  vcov(mt) tight         ", signif(sqrt(diag(as.matrix(vcov(mt)))), 7), "\n")
  cat("  deriv12 default devfun, again at m's optimum: ", signif(se(h1), 7), " / ", signif(se(h2), 7), "\n")
  cat("  deriv12 tight devfun at m's optimum:          ", signif(se(ht), 7), "\n")
  cat("  optimum m - mt: ", signif(x - xt, 3), "\n")
}
