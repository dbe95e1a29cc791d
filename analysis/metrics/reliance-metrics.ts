import { HAS_H0, H0C, AIC, H1C, FOLLOW, DIAG, STAY, OUTCOME_CODES } from './trial-outcome.ts';

/** The reliance ratios of METRICS.md section 2, in report order. */
export const RELIANCE_METRIC_KEYS = [
  'accuracy_initial',
  'accuracy_final',
  'accuracy_ai',
  'agreement',
  'switch',
  'overreliance',
  'underreliance',
  'rair',
  'rsr',
  'overreliance_after_disagreement',
  'accuracy_after_disagreement',
] as const;

export type RelianceMetricKey = (typeof RELIANCE_METRIC_KEYS)[number];

export interface RelianceMetricDefinition {
  key: RelianceMetricKey;
  /** Trials counted in the denominator n. */
  inDenominator(code: number): boolean;
  /** Trials of the denominator counted in the numerator k. */
  inNumerator(code: number): boolean;
  /** True when the metric needs an initial decision (null in one-stage data). */
  needsInitial: boolean;
  label: string;
  definition: string;
  source: string;
}

const has = (code: number, bit: number): boolean => (code & bit) !== 0;

export const RELIANCE_METRICS: readonly RelianceMetricDefinition[] = [
  {
    key: 'accuracy_initial',
    inDenominator: (c) => has(c, HAS_H0),
    inNumerator: (c) => has(c, H0C),
    needsInitial: true,
    label: 'Accuracy, human alone (initial)',
    definition: 'initial decision correct / trials with an initial decision',
    source: 'Bansal et al. 2021',
  },
  {
    key: 'accuracy_final',
    inDenominator: () => true,
    inNumerator: (c) => has(c, H1C),
    needsInitial: false,
    label: 'Accuracy, team (final)',
    definition: 'final decision correct / all trials',
    source: 'Bansal et al. 2021',
  },
  {
    key: 'accuracy_ai',
    inDenominator: () => true,
    inNumerator: (c) => has(c, AIC),
    needsInitial: false,
    label: 'Accuracy, AI',
    definition: 'AI advice correct / all trials',
    source: 'Bansal et al. 2021',
  },
  {
    key: 'agreement',
    inDenominator: () => true,
    inNumerator: (c) => has(c, FOLLOW),
    needsInitial: false,
    label: 'Agreement',
    definition: 'final decision equals the advice / all trials',
    source: 'Yin, Wortman Vaughan & Wallach 2019',
  },
  {
    key: 'switch',
    inDenominator: (c) => has(c, HAS_H0) && has(c, DIAG),
    inNumerator: (c) => has(c, FOLLOW),
    needsInitial: true,
    label: 'Switch',
    definition: 'switched to the advice / initial decision disagreed with the advice',
    source: 'Yin et al. 2019',
  },
  {
    key: 'overreliance',
    inDenominator: (c) => !has(c, AIC),
    inNumerator: (c) => has(c, FOLLOW),
    needsInitial: false,
    label: 'Over-reliance',
    definition: 'followed the advice / AI wrong',
    source: 'Vasconcelos et al. 2023; Bucinca et al. 2021',
  },
  {
    key: 'underreliance',
    inDenominator: (c) => has(c, AIC),
    inNumerator: (c) => !has(c, FOLLOW),
    needsInitial: false,
    label: 'Under-reliance',
    definition: 'did not follow the advice / AI right',
    source: 'mirror of over-reliance',
  },
  {
    key: 'rair',
    inDenominator: (c) => has(c, HAS_H0) && !has(c, H0C) && has(c, AIC),
    inNumerator: (c) => has(c, FOLLOW),
    needsInitial: true,
    label: 'Relative AI reliance (RAIR)',
    definition: 'followed the advice / initially wrong and AI right',
    source: 'Schemmer et al. 2023',
  },
  {
    key: 'rsr',
    inDenominator: (c) => has(c, HAS_H0) && has(c, H0C) && !has(c, AIC),
    inNumerator: (c) => has(c, STAY),
    needsInitial: true,
    label: 'Relative self-reliance (RSR)',
    definition: 'kept the initial decision / initially right and AI wrong',
    source: 'Schemmer et al. 2023',
  },
  {
    key: 'overreliance_after_disagreement',
    inDenominator: (c) => has(c, HAS_H0) && has(c, DIAG) && !has(c, AIC),
    inNumerator: (c) => has(c, FOLLOW),
    needsInitial: true,
    label: 'Over-reliance after an initial disagreement',
    definition: 'switched to the advice / initial decision disagreed with the advice and AI wrong',
    source: 'two-stage conditional over-reliance; Bucinca et al. 2021, Vasconcelos et al. 2023',
  },
  {
    key: 'accuracy_after_disagreement',
    inDenominator: (c) => has(c, HAS_H0) && has(c, DIAG),
    inNumerator: (c) => has(c, H1C),
    needsInitial: true,
    label: 'Final accuracy after an initial disagreement',
    definition: 'final decision correct / initial decision disagreed with the advice',
    source: 'two-stage accuracy where reliance is observable; Yin et al. 2019',
  },
];

/** For each metric, the outcome codes of its denominator and of its numerator, precomputed once. */
export interface MetricCodeSets {
  denominator: Uint8Array;
  numerator: Uint8Array;
}

export const METRIC_CODE_SETS: readonly MetricCodeSets[] = RELIANCE_METRICS.map((m) => {
  const denominator: number[] = [];
  const numerator: number[] = [];
  for (let code = 0; code < OUTCOME_CODES; code++) {
    if (!m.inDenominator(code)) continue;
    denominator.push(code);
    if (m.inNumerator(code)) numerator.push(code);
  }
  return { denominator: Uint8Array.from(denominator), numerator: Uint8Array.from(numerator) };
});

/** Per outcome code, the metrics (bit m for RELIANCE_METRICS[m]) whose denominator, and whose numerator, count it. */
const DENOMINATOR_BITS = new Uint32Array(OUTCOME_CODES);
const NUMERATOR_BITS = new Uint32Array(OUTCOME_CODES);
METRIC_CODE_SETS.forEach((sets, m) => {
  for (const code of sets.denominator) DENOMINATOR_BITS[code] |= 1 << m;
  for (const code of sets.numerator) NUMERATOR_BITS[code] |= 1 << m;
});

/**
 * k and n of every metric from a histogram of outcome codes, written into `out` as [k0, n0, k1, n1, ...]: the sums
 * of the histogram over each metric's numerator and denominator codes (METRIC_CODE_SETS), taken code by code over
 * the codes present only (a participant's histogram has a few of the 128). Sums of counts: exact in any order.
 */
export function ratiosFromHistogram(histogram: ArrayLike<number>, out: Float64Array | Int32Array, offset = 0): void {
  const metrics = METRIC_CODE_SETS.length;
  for (let i = 0; i < 2 * metrics; i++) out[offset + i] = 0;
  for (let code = 0; code < OUTCOME_CODES; code++) {
    const count = histogram[code];
    if (count === 0) continue;
    const denominators = DENOMINATOR_BITS[code];
    const numerators = NUMERATOR_BITS[code];
    for (let m = 0; m < metrics; m++) {
      if ((denominators & (1 << m)) !== 0) out[offset + 2 * m + 1] += count;
      if ((numerators & (1 << m)) !== 0) out[offset + 2 * m] += count;
    }
  }
}
