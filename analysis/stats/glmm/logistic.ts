/**
 * The binomial family with logit link (McCullagh & Nelder 1989, Generalized Linear Models, ch. 4), for a row of
 * k successes out of m trials that share one linear predictor eta (m = 1 for a single 0/1 trial):
 *   mu = 1 / (1 + exp(-eta)),  IRLS weight w = m dmu/deta = m mu (1 - mu),
 *   deviance d = 2 [k softplus(-eta) + (m - k) softplus(eta)] = -2 [k log mu + (m - k) log(1 - mu)],
 * the sum of the m Bernoulli deviance residuals of the row's trials. For 0/1 trials the saturated log-likelihood is 0,
 * so the sum of d over the trials is -2 log-likelihood = R's `sum(binomial()$dev.resids(y, mu, 1))`, the term lme4's
 * Laplace deviance uses (lme4 fits the ungrouped 0/1 trials; grouping identical trials into one row changes no sum).
 * softplus(x) = max(x, 0) + log1p(exp(-|x|)) keeps |eta| up to 700 finite and exact.
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
 * mu from e = exp(-|eta|), which the mean and the deviance of the PIRLS loop share (one exponential per row and
 * iteration): 1 / (1 + e) for eta >= 0, e / (1 + e) otherwise.
 */
export function logisticOfExp(eta: number, e: number): number {
  return eta >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** The row's deviance 2 [k softplus(-eta) + (m - k) softplus(eta)] from e = exp(-|eta|). */
export function binomialDevianceOfExp(successes: number, size: number, eta: number, e: number): number {
  const tail = Math.log1p(e);
  return 2 * (successes * (Math.max(-eta, 0) + tail) + (size - successes) * (Math.max(eta, 0) + tail));
}
