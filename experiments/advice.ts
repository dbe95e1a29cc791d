/**
 * The AI advisor of a trial: which trials get wrong advice (exact error schedule), what is recommended, with which
 * confidence, and the explanation content for the trial's condition. Pure; all randomness from the given `Rng`.
 */
import type { Advice, Case, Condition, Experiment } from './model.ts';
import type { Advisor } from './schema.ts';
import { buildExplanation, usesContributions } from './explanations/index.ts';
import {
  contributionsFor,
  nearestOtherLabel,
  round,
  sameOutcome,
  type Value,
} from './explanations/evidence.ts';
import type { Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------------------------
// Error schedule

export interface ScheduleConstraints {
  /** No wrong advice among the first m decision trials. */
  noErrorsInFirst: number;
  /** No wrong advice among the last m decision trials. */
  noErrorsInLast: number;
  /**
   * At least this many right advices between two wrong ones (schema: `advisor.min_gap`, "at least this many trials
   * between two errors"): 0 = no constraint, 1 = never two wrong in a row.
   */
  minGap: number;
}

/** The constraints as written in the experiment file (`advisor.no_errors_in_first`, ...). */
export function scheduleConstraints(advisor: Advisor): ScheduleConstraints {
  return { noErrorsInFirst: advisor.no_errors_in_first, noErrorsInLast: advisor.no_errors_in_last, minGap: advisor.min_gap };
}

/**
 * Whether `errors` wrong advices fit among `n` decision trials: they must lie in the window of
 * w = n - noErrorsInFirst - noErrorsInLast trials, and k errors with minGap trials between them need
 * k + (k - 1) * minGap positions (the same rule as the loader's check in experiments/schedule-feasibility.ts).
 */
export function scheduleFeasible(n: number, errors: number, c: ScheduleConstraints): boolean {
  if (![n, errors, c.noErrorsInFirst, c.noErrorsInLast, c.minGap].every(Number.isInteger)) return false;
  if (n < 0 || errors < 0 || c.noErrorsInFirst < 0 || c.noErrorsInLast < 0 || c.minGap < 0) return false;
  if (errors === 0) return true;
  const window = n - c.noErrorsInFirst - c.noErrorsInLast;
  return window >= errors + (errors - 1) * c.minGap;
}

/**
 * Which of `n` decision trials get wrong advice: `true` = wrong. Exactly `errors` are true, none in the first
 * `noErrorsInFirst` nor the last `noErrorsInLast`, at least `minGap` right trials between two. Throws a RangeError if
 * impossible (`scheduleFeasible` tells beforehand).
 *
 * Uniform over all valid placements: valid placements p_1 < ... < p_k in a window of w positions correspond one to
 * one to k-subsets q_1 < ... < q_k of s = w - (k - 1) minGap slots, by p_i = first + q_i + (i - 1) minGap
 * (the "stars and bars" gap reduction). A uniform k-subset is drawn with a partial Fisher-Yates shuffle of the slots.
 */
export function adviceSchedule(n: number, errors: number, c: ScheduleConstraints, rng: Rng): boolean[] {
  if (!scheduleFeasible(n, errors, c)) {
    throw new RangeError(
      `impossible error schedule: ${errors} wrong of ${n} trials, none in the first ${c.noErrorsInFirst} nor the last ${c.noErrorsInLast}, at least ${c.minGap} right between two`,
    );
  }
  const wrong: boolean[] = new Array<boolean>(n).fill(false);
  if (errors === 0) return wrong;
  const window = n - c.noErrorsInFirst - c.noErrorsInLast;
  const slots = window - (errors - 1) * c.minGap;
  const pool = Array.from({ length: slots }, (_, i) => i);
  for (let i = 0; i < errors; i++) {
    const j = rng.int(i, slots - 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const chosen = pool.slice(0, errors).sort((a, b) => a - b);
  chosen.forEach((q, i) => {
    wrong[c.noErrorsInFirst + q + i * c.minGap] = true;
  });
  return wrong;
}

// ---------------------------------------------------------------------------------------------------------------
// Confidence

/** Spread of the confidence distributions: Beta with α + β = 10 on the scale above the chance floor. */
const CONCENTRATION = 10;

/**
 * The advisor's stated confidence in its recommendation, 0..1, rounded to 3 decimals.
 *
 * `floor` is the confidence a guess deserves (binary 0.5, categorical 1/K, numeric 0); confidence is
 * c = floor + (1 - floor) x with x in [0, 1]. Let p be the expected accuracy, m = (p - floor) / (1 - floor) clamped to
 * [0.02, 0.98] (so p is honoured when 0.02 <= m <= 0.98), α = 10 m, β = 10 (1 - m), and B(a, b) a Beta draw.
 * - `calibrated`: the confidence is exactly calibrated, P(right | c) = c, with c = floor + (1 - floor) B(α, β) overall.
 *   By Bayes, given the outcome: wrong -> x ~ B(α, β + 1); right -> x ~ B(α, β) with probability floor / p, else
 *   B(α + 1, β). Hence mean(c | right) > mean(c | wrong) and, over trials with accuracy p, mean(c) = p.
 * - `overconfident`: c ~ Uniform[0.90, 0.99], right or wrong.
 * - `uninformative`: x ~ B(α, β) whether right or wrong: same distribution, mean p, no information.
 */
export function drawConfidence(
  behaviour: Advisor['confidence'],
  correct: boolean,
  accuracy: number,
  floor: number,
  rng: Rng,
): number {
  if (behaviour === 'overconfident') return round(0.9 + 0.09 * rng.float(), 3);
  const m = Math.min(0.98, Math.max(0.02, (accuracy - floor) / (1 - floor)));
  const alpha = CONCENTRATION * m;
  const beta = CONCENTRATION * (1 - m);
  let x: number;
  if (behaviour === 'uninformative') x = betaDraw(alpha, beta, rng);
  else if (!correct) x = betaDraw(alpha, beta + 1, rng);
  else {
    const p = floor + (1 - floor) * m;
    x = rng.float() < floor / p ? betaDraw(alpha, beta, rng) : betaDraw(alpha + 1, beta, rng);
  }
  return round(floor + (1 - floor) * x, 3);
}

/** Confidence a guess deserves: 1 / number of labels (binary 0.5), 0 for numeric tasks. */
export function chanceFloor(exp: Experiment): number {
  const task = exp.file.task;
  return task.type === 'numeric' ? 0 : 1 / task.labels.length;
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
function betaDraw(a: number, b: number, rng: Rng): number {
  const x = gammaDraw(a, rng);
  const y = gammaDraw(b, rng);
  return x / (x + y);
}

/** Gamma(shape, 1): Marsaglia & Tsang (2000), ACM TOMS 26(3); shape < 1 by the boost Gamma(a+1) U^(1/a). */
function gammaDraw(shape: number, rng: Rng): number {
  if (shape < 1) return gammaDraw(shape + 1, rng) * Math.pow(1 - rng.float(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.float();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Standard normal by Box-Muller (one of the pair). */
function normalDraw(rng: Rng): number {
  const u1 = 1 - rng.float();
  const u2 = rng.float();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

// ---------------------------------------------------------------------------------------------------------------
// Recommendation

/** Whether a recommendation is right for a case: same label, or within `correct_within` for numeric tasks. */
export function isCorrect(exp: Experiment, c: Case, recommendation: Value): boolean {
  return sameOutcome(exp, recommendation, c.truth);
}

/**
 * Simulated advisor: the recommendation for a case that must be right (`wrong` false) or wrong.
 * Right: the truth; numeric: the bank's estimate when it is within tolerance, else the truth.
 * Wrong: binary: the other label; categorical: the bank's recommendation when it is wrong, else the other label whose
 * typical case is closest to this one; numeric: truth * (1 ± numeric_error) (direction seeded), at least
 * correct_within + step away, rounded to the step, inside [min, max] (the other direction if one does not fit).
 */
export function simulatedRecommendation(exp: Experiment, c: Case, wrong: boolean, rng: Rng): Value {
  const task = exp.file.task;
  const bank = c.ai.recommendation;
  if (task.type !== 'numeric') {
    const truth = String(c.truth);
    if (!wrong) return truth;
    if (bank !== undefined && String(bank) !== truth) return String(bank);
    return nearestOtherLabel(exp, c, truth);
  }
  const truth = Number(c.truth);
  if (!wrong) return bank !== undefined && sameOutcome(exp, bank, truth) ? Number(bank) : truth;
  const step = task.step;
  const snap = (v: number) => round(task.min + Math.round((v - task.min) / step) * step, 9);
  const offset = Math.max(Math.abs(truth) * exp.file.advisor.numeric_error, task.correct_within + step);
  const signs = rng.int(0, 1) === 0 ? [1, -1] : [-1, 1];
  for (const sign of signs) {
    let v = snap(truth + sign * offset);
    while (Math.abs(v - truth) <= task.correct_within + 1e-9) v = round(v + sign * step, 9);
    if (v >= task.min && v <= task.max) return v;
  }
  // Neither direction fits inside the bounds: the farther bound is the best wrong estimate there is.
  return task.max - truth >= truth - task.min ? task.max : task.min;
}

// ---------------------------------------------------------------------------------------------------------------
// Advice of one trial

export interface AdviceRequest {
  exp: Experiment;
  case: Case;
  condition: Condition;
  /** Simulated advisor: whether this trial's advice must be wrong (from the schedule). Ignored with `case_bank`. */
  wrong: boolean;
  /** Expected accuracy of the advisor in this condition (mean confidence targets it). */
  accuracy: number;
  /** The participant's cases, never shown as similar cases. */
  excludedCaseIds: ReadonlySet<string>;
  rng: Rng;
}

/**
 * Recommendation, confidence, correctness and explanation for one trial. With `advisor.source: case_bank` the bank's
 * recommendation is shown and is right or wrong as the bank says. The bank's `ai_confidence` is used as is when the
 * shown recommendation is the bank's; otherwise the confidence is drawn (see `drawConfidence`).
 */
export function buildAdvice(req: AdviceRequest): Advice {
  const { exp, case: c, condition, rng } = req;
  const advisor = exp.file.advisor;
  const recommendation =
    advisor.source === 'case_bank' && c.ai.recommendation !== undefined
      ? c.ai.recommendation
      : simulatedRecommendation(exp, c, req.wrong, rng);
  const correct = isCorrect(exp, c, recommendation);
  // The bank's own confidence and texts are used only when the bank is the advisor. With a simulated advisor, whether
  // the shown advice equals the bank's recommendation goes with whether it is right, so bank material on some trials
  // and generated material on others would let the form of an explanation betray a wrong advice.
  const fromBank =
    advisor.source === 'case_bank' && c.ai.recommendation !== undefined && String(c.ai.recommendation) === String(recommendation);
  const confidence =
    fromBank && c.ai.confidence !== undefined
      ? c.ai.confidence
      : drawConfidence(advisor.confidence, correct, req.accuracy, chanceFloor(exp), rng);
  const evidence = usesContributions(condition.explanation.type) ? contributionsFor(exp, c, recommendation) : { contributions: [] };
  const explanation = buildExplanation(condition.explanation, {
    exp,
    case: c,
    recommendation,
    confidence,
    contributions: evidence.contributions,
    ...(evidence.base !== undefined ? { base: evidence.base } : {}),
    fromBank,
    excludedCaseIds: req.excludedCaseIds,
  });
  return { recommendation, confidence, correct, explanation };
}
