import { seedFor } from '../../experiments/random.ts';
import { buildDesignMatrix, fitGlmer } from '../stats/glmm/index.ts';
import { latentStandardDeviations } from './latent-variance.ts';
import { randomStream, type RandomStream } from './random-stream.ts';
import { powerRow, summarisePower, type PowerGroup, type PowerOptions, type PowerResult, type PowerRow } from './simulate-power.ts';

/** The mixed-model simulation's own inputs, beside the common ones (sizes, simulations, alpha, seed). */
export interface MixedPowerOptions extends Omit<PowerOptions, 'sd'> {
  /** Intraclass correlations of participants and cases on the latent logit scale (latent-variance.ts). */
  iccParticipant: number;
  iccCase: number;
  /** Size of the case bank the trials draw their cases from. */
  cases: number;
  /** Within subjects: each of the N participants takes every condition (else N per condition). */
  within: boolean;
}

/**
 * Monte Carlo power of the mixed model of `confiance analyze` (analysis/models/reliance-models.ts) for one metric:
 *   y ~ condition + (1 | participant_id) + (1 | case_id),  binomial, logit, Laplace  (= lme4::glmer),
 * a comparison counting as significant when its `condition<level>` term has a Wald p < alpha, the p the analysis
 * reports for the model (no Holm adjustment: the model table reports the raw Wald p of each term).
 * Each simulated study draws from the model it tests (the data-generating model of simr, Green & MacLeod 2016,
 * Methods Ecol. Evol. 7: 493-498):
 *   logit P(y = 1) = logit(p_control) + [logit(p_condition) - logit(p_control)] + b_participant + c_case,
 *   b ~ N(0, sigma_p^2), c ~ N(0, sigma_c^2) with the variances of the ICCs (latent-variance.ts),
 * so a condition's rate is that of a typical participant (b = 0) on a typical case (c = 0), and its odds ratio to
 * the control is the model's exp(coefficient). Each participant has as many trials in the metric's subset as a
 * participant of the design drawn at random (its denominators), on distinct cases drawn from the bank (with
 * repetition only when a participant has more trials than the bank has cases). A study whose fit fails counts as
 * not significant; fits that did not converge or are singular are counted in `fits`.
 * Each N has its own random stream (seeded from `seed` and N), as in simulate-power.ts.
 */
export function simulateMixedPower(groups: readonly PowerGroup[], control: string, options: MixedPowerOptions): PowerResult {
  const controlIndex = groups.findIndex((g) => g.id === control);
  if (controlIndex < 0) throw new Error(`simulateMixedPower: no group is the control ${control}`);
  const ordered = [groups[controlIndex], ...groups.filter((_, i) => i !== controlIndex)];
  const compared = ordered.slice(1).map((g) => g.id);
  const stated = ordered.slice(1).filter((g) => g.rate !== ordered[0].rate).map((g) => g.id);
  const logitControl = logit(ordered[0].rate);
  const effects = ordered.map((g) => logit(g.rate) - logitControl);
  const sd = latentStandardDeviations(options.iccParticipant, options.iccCase);
  const rows: PowerRow[] = [];
  options.participants.forEach((n, done) => {
    const rng = randomStream(seedFor(options.seed, 'mixed-power', n));
    const hits = new Array<number>(compared.length).fill(0);
    let allHits = 0;
    let anyHits = 0;
    const fits = { failed: 0, not_converged: 0, singular: 0 };
    for (let s = 0; s < options.simulations; s++) {
      const study = simulateStudy(ordered, effects.map((e) => logitControl + e), n, sd, options, rng);
      const significant = fitStudy(study, ordered.map((g) => g.id), options.alpha, fits);
      let any = false;
      compared.forEach((id, j) => {
        if (significant.has(id)) {
          hits[j]++;
          any = true;
        }
      });
      if (any) anyHits++;
      if (stated.length > 0 && stated.every((id) => significant.has(id))) allHits++;
      // Each study is a model fit (a tenth of a second or more): progress per study, not per N.
      options.onProgress?.(done * options.simulations + s + 1, options.participants.length * options.simulations);
    }
    rows.push(powerRow(n, compared, hits, stated.length > 0 ? allHits : null, anyHits, options.simulations, { fits }));
  });
  return summarisePower(rows, compared, stated.length > 0, options.simulations);
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

interface SimulatedStudy {
  y: Uint8Array;
  condition: Int32Array;
  participant: Int32Array;
  case: Int32Array;
  nParticipants: number;
}

/** One study's trials: participants (N per condition, or N taking every condition), their cases and outcomes. */
function simulateStudy(
  groups: readonly PowerGroup[],
  intercepts: readonly number[],
  n: number,
  sd: { participant: number; case: number },
  options: MixedPowerOptions,
  rng: RandomStream,
): SimulatedStudy {
  const caseEffect = Float64Array.from({ length: options.cases }, () => sd.case * rng.normal());
  const y: number[] = [];
  const condition: number[] = [];
  const participant: number[] = [];
  const caseOf: number[] = [];
  const bank = Int32Array.from({ length: options.cases }, (_, k) => k);
  const nParticipants = options.within ? n : n * groups.length;
  for (let p = 0; p < nParticipants; p++) {
    const b = sd.participant * rng.normal();
    const taken = options.within ? groups.map((_, g) => g) : [Math.floor(p / n)];
    let drawn = 0; // cases of this participant so far: a partial Fisher-Yates shuffle of the bank
    for (const g of taken) {
      const denominators = groups[g].denominators;
      const trials = denominators[denominators.length === 1 ? 0 : Math.floor(rng.uniform() * denominators.length)];
      for (let t = 0; t < trials; t++) {
        if (drawn === bank.length) drawn = 0; // more trials than cases: the bank again
        const pick = drawn + Math.floor(rng.uniform() * (bank.length - drawn));
        [bank[drawn], bank[pick]] = [bank[pick], bank[drawn]];
        const k = bank[drawn++];
        const eta = intercepts[g] + b + caseEffect[k];
        y.push(rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
        condition.push(g);
        participant.push(p);
        caseOf.push(k);
      }
    }
  }
  return { y: Uint8Array.from(y), condition: Int32Array.from(condition), participant: Int32Array.from(participant), case: Int32Array.from(caseOf), nParticipants };
}

/** The conditions whose term has a Wald p < alpha in the study's fit (none when the fit fails). */
function fitStudy(study: SimulatedStudy, levels: readonly string[], alpha: number, fits: NonNullable<PowerRow['fits']>): Set<string> {
  const significant = new Set<string>();
  const participants = recode(study.participant);
  const cases = recode(study.case);
  const ones = study.y.reduce((s, v) => s + v, 0);
  if (ones === 0 || ones === study.y.length || participants.count < 2 || cases.count < 2) {
    fits.failed++;
    return significant;
  }
  const fixed = buildDesignMatrix({ factors: [{ name: 'condition', levels, codes: study.condition }], interaction: false, covariates: [] }, study.y.length);
  try {
    const fit = fitGlmer({ y: study.y, fixed, participant: participants.codes, case: cases.codes, nParticipants: participants.count, nCases: cases.count });
    if (!fit.converged) fits.not_converged++;
    if (fit.singular) fits.singular++;
    for (const term of fit.fixed) if (term.term.startsWith('condition') && term.p < alpha) significant.add(term.term.slice('condition'.length));
  } catch {
    fits.failed++;
  }
  return significant;
}

/** Codes 0..k-1 in order of first appearance (a level without trial would add nothing but a zero row). */
function recode(codes: Int32Array): { codes: Int32Array; count: number } {
  const map = new Map<number, number>();
  const out = Int32Array.from(codes, (c) => {
    let r = map.get(c);
    if (r === undefined) map.set(c, (r = map.size));
    return r;
  });
  return { codes: out, count: map.size };
}
