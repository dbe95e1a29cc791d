/**
 * The indicators of one trial (METRICS.md section 1), packed in 7 bits so that a participant is summarised by a
 * histogram of 128 outcome codes: every reliance ratio is then a sum over codes, whatever its definition.
 */
export const HAS_H0 = 1; // an initial decision exists (two-stage design)
export const H0C = 2; // initial decision correct
export const AIC = 4; // AI advice correct
export const H1C = 8; // final decision correct
export const FOLLOW = 16; // final decision agrees with the advice
export const DIAG = 32; // initial decision disagreed with the advice
export const STAY = 64; // final decision equals the initial one

export const OUTCOME_CODES = 128;

/** How two decisions are compared: string equality for labels, |x - y| <= tolerance for numbers. */
export type Same<T = string> = (x: T, y: T) => boolean;

export const sameLabel: Same = (x, y) => x === y;

/** |x - y| <= tolerance, numbers. */
export function withinTolerance(tolerance: number): Same<number> {
  // A tiny slack absorbs binary rounding so that e.g. 0.3 - 0.1 is within a tolerance of 0.2.
  const slack = tolerance === 0 ? 0 : tolerance * 1e-12;
  return (x, y) => Math.abs(x - y) <= tolerance + slack;
}

/** |x - y| <= tolerance, decisions written as numbers. */
export function sameNumber(tolerance: number): Same {
  const within = withinTolerance(tolerance);
  return (x, y) => within(Number(x), Number(y));
}

/**
 * The outcome code of a trial whose decisions are label ids (trial-batch.ts: equal ids, equal labels; -1: no initial):
 * outcomeCode's rules spelled out on integers, run for every trial of a million.
 */
export function labelOutcomeCode(truth: number, advice: number, initial: number, final: number): number {
  let code = (advice === truth ? AIC : 0) | (final === truth ? H1C : 0) | (final === advice ? FOLLOW : 0);
  if (initial !== -1) code |= HAS_H0 | (initial === truth ? H0C : 0) | (initial !== advice ? DIAG : 0) | (final === initial ? STAY : 0);
  return code;
}

/** The outcome code of a trial whose decisions are numbers, compared within the task's tolerance. */
export const numericOutcomeCode = (truth: number, advice: number, initial: number | null, final: number, within: Same<number>): number =>
  outcomeCode(truth, advice, initial, final, within);

/** The outcome code of one trial. */
export function outcomeCode<T>(
  truth: T,
  advice: T,
  initial: T | null,
  final: T,
  same: Same<T>,
): number {
  let code = 0;
  if (same(advice, truth)) code |= AIC;
  if (same(final, truth)) code |= H1C;
  if (same(final, advice)) code |= FOLLOW;
  if (initial !== null) {
    code |= HAS_H0;
    if (same(initial, truth)) code |= H0C;
    if (!same(initial, advice)) code |= DIAG;
    if (same(final, initial)) code |= STAY;
  }
  return code;
}
