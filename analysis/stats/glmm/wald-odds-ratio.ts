import { Z_95 } from '../wilson.ts';

/**
 * The odds ratio of a logit coefficient and its Wald 95% interval: OR = exp(b), [exp(b - z se), exp(b + z se)],
 * z = the 0.975 normal quantile (Agresti 2013, Categorical Data Analysis, 3rd ed., sect. 5.2). Equals R's
 * `exp(cbind(fixef(m), confint(m, method = "Wald", parm = "beta_")))` for a glmer fit m.
 * Example: b = 0.5, se = 0.2 gives OR 1.6487 [1.1141, 2.4400] (R: exp(0.5 + c(-1, 1) * qnorm(0.975) * 0.2)).
 */
export function waldOddsRatio(estimate: number, se: number): { oddsRatio: number; interval: [number, number] } {
  return { oddsRatio: Math.exp(estimate), interval: [Math.exp(estimate - Z_95 * se), Math.exp(estimate + Z_95 * se)] };
}
