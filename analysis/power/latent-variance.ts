/**
 * Random-intercept variances on the latent logit scale from intraclass correlations (the latent-variable definition
 * for a logistic model: Snijders & Bosker 2012, Multilevel Analysis, 2nd ed., sect. 17.3.5; Nakagawa, Johnson &
 * Schielzeth 2017, J. R. Soc. Interface 14: 20170213, eq. 2.3). A 0/1 outcome is a latent y* = eta + b_participant +
 * c_case + e thresholded at 0, with a logistic residual e of variance pi^2 / 3, so that
 *   ICC_p = sigma_p^2 / (sigma_p^2 + sigma_c^2 + pi^2/3),   ICC_c = sigma_c^2 / (sigma_p^2 + sigma_c^2 + pi^2/3),
 * and, solved for the variances,
 *   sigma_p^2 = ICC_p / (1 - ICC_p - ICC_c) * pi^2/3,     sigma_c^2 = ICC_c / (1 - ICC_p - ICC_c) * pi^2/3.
 * These are glmer's `VarCorr` variances of `(1 | participant_id)` and `(1 | case_id)`.
 * Example: ICC_p = 0.2, ICC_c = 0.1 give sigma_p^2 = 0.2 / 0.7 * 3.28987 = 0.93996 (SD 0.96952) and
 * sigma_c^2 = 0.46998 (SD 0.68555) (Python: 0.2 / 0.7 * math.pi**2 / 3).
 */
export const LOGISTIC_VARIANCE = (Math.PI * Math.PI) / 3;

export function latentStandardDeviations(iccParticipant: number, iccCase: number): { participant: number; case: number } {
  const problem = iccProblem(iccParticipant, iccCase);
  if (problem !== null) throw new RangeError(problem);
  const scale = LOGISTIC_VARIANCE / (1 - iccParticipant - iccCase);
  return { participant: Math.sqrt(iccParticipant * scale), case: Math.sqrt(iccCase * scale) };
}

/** Why these ICCs are impossible, or null: each in [0, 1), their sum below 1 (the residual keeps some variance). */
export function iccProblem(iccParticipant: number, iccCase: number): string | null {
  for (const [name, value] of [['--icc-participant', iccParticipant], ['--icc-case', iccCase]] as const)
    if (!(value >= 0 && value < 1)) return `${name} must be at least 0 and below 1, found ${value}`;
  if (!(iccParticipant + iccCase < 1))
    return `--icc-participant + --icc-case must be below 1 (the trial-level residual keeps the rest of the latent variance), found ${iccParticipant + iccCase}`;
  return null;
}
