import { randomStream } from '../../analysis/power/random-stream.ts';
import { seedFor } from '../../experiments/random.ts';

/**
 * A synthetic but realistic population of two-stage binary trials (shaped like the bundled study signaux-faibles),
 * generated deterministically from a seed so that the analysis and export benchmarks work on the same trials.
 * Per participant: their own accuracy (about 0.68) and switching propensity (condition-dependent, about 0.35-0.5);
 * the advisor is right on about 75% of trials; practice and attention checks are left out.
 */
export interface PopulationSpec {
  participants: number;
  trialsPerParticipant: number;
  conditions: readonly string[];
  seed: number;
  /** Number of distinct cases drawn from (default 150). */
  cases?: number;
}

export interface PopulationTrial {
  participantId: string;
  participantIndex: number;
  condition: string;
  trialIndex: number;
  caseId: string;
  truth: string;
  aiAdvice: string;
  aiCorrect: boolean;
  aiConfidence: number;
  initial: string;
  final: string;
  initialRtMs: number;
  finalRtMs: number;
}

export const LABELS = ['contact', 'no_contact'] as const;
export const CONDITIONS = ['none', 'confidence', 'feature_importance', 'counterfactual'] as const;
const SWITCH_BY_CONDITION: Record<string, number> = { none: 0.35, confidence: 0.42, feature_importance: 0.5, counterfactual: 0.45 };

/** A 22-character id like the server's base64url participant ids, stable for an index. */
export function participantId(index: number): string {
  return `bench${index.toString(36).padStart(17, '0')}`;
}

/** The trials of one participant, in trial order. */
export function participantTrials(spec: PopulationSpec, index: number): PopulationTrial[] {
  const rng = randomStream(seedFor(spec.seed, 'participant', index));
  const condition = spec.conditions[index % spec.conditions.length];
  const accuracy = clamp(0.68 + 0.1 * rng.normal(), 0.4, 0.95);
  const switching = clamp((SWITCH_BY_CONDITION[condition] ?? 0.4) + 0.15 * rng.normal(), 0.02, 0.98);
  const id = participantId(index);
  const trials: PopulationTrial[] = [];
  for (let t = 0; t < spec.trialsPerParticipant; t++) {
    const truth = LABELS[rng.uniform() < 0.5 ? 0 : 1];
    const other = truth === LABELS[0] ? LABELS[1] : LABELS[0];
    const aiCorrect = rng.uniform() < 0.75;
    const aiAdvice = aiCorrect ? truth : other;
    const aiConfidence = Math.round(100 * clamp((aiCorrect ? 0.8 : 0.65) + 0.1 * rng.normal(), 0.5, 0.99)) / 100;
    const initial = rng.uniform() < accuracy ? truth : other;
    // Disagreeing with the advice, a participant switches to it; less often when it is wrong (some discernment).
    const final = initial !== aiAdvice && rng.uniform() < switching * (aiCorrect ? 1 : 0.7) ? aiAdvice : initial;
    trials.push({
      participantId: id,
      participantIndex: index,
      condition,
      trialIndex: t,
      caseId: `sf-${String(1 + Math.floor(rng.uniform() * (spec.cases ?? 150))).padStart(3, '0')}`,
      truth,
      aiAdvice,
      aiCorrect,
      aiConfidence,
      initial,
      final,
      initialRtMs: Math.round(Math.exp(8.4 + 0.5 * rng.normal())),
      finalRtMs: Math.round(Math.exp(7.9 + 0.5 * rng.normal())),
    });
  }
  return trials;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
