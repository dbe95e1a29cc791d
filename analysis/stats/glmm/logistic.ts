/**
 * The binomial family with logit link for 0/1 outcomes (McCullagh & Nelder 1989, Generalized Linear Models, ch. 4):
 *   mu = 1 / (1 + exp(-eta)),  IRLS weight w = dmu/deta = mu (1 - mu),
 *   deviance residual d = -2 [y log mu + (1 - y) log(1 - mu)] = 2 log(1 + exp(-eta)) if y = 1, 2 log(1 + exp(eta)) if 0.
 * For 0/1 data the saturated log-likelihood is 0, so sum d = -2 log-likelihood = R's
 * `sum(binomial()$dev.resids(y, mu, 1))` = `binomial()$aic(...)`, the term lme4's Laplace deviance uses.
 * Computed as softplus(x) = max(x, 0) + log1p(exp(-|x|)) so that |eta| up to 700 stays finite and exact.
 */
export function logistic(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** Deviance residual d(y, eta) of one 0/1 trial (see the module comment). */
export function bernoulliDeviance(y: number, eta: number): number {
  const x = y === 1 ? -eta : eta;
  return 2 * (Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
}

/**
 * mu and the deviance residual of one 0/1 trial from a single exponential, e = exp(-|eta|) (the two functions above
 * share it): mu = 1 / (1 + e) for eta >= 0, e / (1 + e) otherwise; d = 2 (max(x, 0) + log1p(e)) with x = -eta for y = 1
 * and eta for y = 0 (|x| = |eta|). For the PIRLS loop, which evaluates both on every trial of every iteration.
 */
export function bernoulliMeanAndDeviance(y: number, eta: number): { mu: number; deviance: number } {
  const e = Math.exp(-Math.abs(eta));
  const mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
  const x = y === 1 ? -eta : eta;
  return { mu, deviance: 2 * (Math.max(x, 0) + Math.log1p(e)) };
}
