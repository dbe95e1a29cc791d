import { describe, it, expect } from 'vitest';
import { analyze } from '../../analysis/analyze.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Uniform numbers in [0, 1) from pure-rand's xoroshiro128+ (30 random bits each), the same on every run. */
function random(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformInt(rng, 0, 2 ** 30 - 1) / 2 ** 30;
}

const TRUE_AGREEMENT = { none: 0.6, feature_importance: 0.75 } as const;
const AI_ACCURACY = 0.7;

/**
 * 400 participants (200 per condition) x 20 one-stage binary trials. The AI is right with probability 0.7; the final
 * decision follows the advice with the condition's true agreement rate, independently of the AI being right, so the
 * true over-reliance equals the agreement rate and the true under-reliance is 1 - agreement.
 */
function* syntheticStudy(): Generator<TrialRow[]> {
  const next = random(20261122);
  for (let p = 0; p < 400; p++) {
    const condition = p % 2 === 0 ? 'none' : 'feature_importance';
    const rows: TrialRow[] = [];
    for (let t = 0; t < 20; t++) {
      const truth = next() < 0.5 ? 'contact' : 'wait';
      const other = truth === 'contact' ? 'wait' : 'contact';
      const advice = next() < AI_ACCURACY ? truth : other;
      const final = next() < TRUE_AGREEMENT[condition] ? advice : advice === truth ? other : truth;
      rows.push({ participantId: `s${p}`, condition, trialIndex: t, caseId: `c${t}`, truth, aiAdvice: advice, aiConfidence: null, initial: null, final, initialRtMs: null, finalRtMs: null, exclusion: null, line: 0 });
    }
    yield rows;
  }
}

describe('recovery of known rates from synthetic data', () => {
  it('recovers each true rate within its intervals and finds the difference in agreement', async () => {
    const result = await analyze(syntheticStudy(), null, { experiment: 'synthetic', resamples: 1000, seed: 3 });
    for (const condition of result.conditions) {
      const truth = TRUE_AGREEMENT[condition.condition as keyof typeof TRUE_AGREEMENT];
      expect(condition.participants).toBe(200);
      // The interval checks are on the two designed rates; each 95% interval misses with probability 0.05, so the
      // derived rates (over/under-reliance) are checked against a looser bound instead of piling up interval checks.
      const expectations: [string, number][] = [
        ['agreement', truth],
        ['accuracy_ai', AI_ACCURACY],
      ];
      for (const [key, value] of expectations) {
        const m = condition.metrics[key as 'agreement']!;
        expect(m.wilson![0], `${condition.condition} ${key} Wilson`).toBeLessThan(value);
        expect(m.wilson![1], `${condition.condition} ${key} Wilson`).toBeGreaterThan(value);
        expect(m.bootstrap![0], `${condition.condition} ${key} bootstrap`).toBeLessThan(value);
        expect(m.bootstrap![1], `${condition.condition} ${key} bootstrap`).toBeGreaterThan(value);
        expect(Math.abs(m.participant_mean! - value)).toBeLessThan(0.03);
      }
      expect(Math.abs(condition.metrics.overreliance!.value! - truth)).toBeLessThan(0.04);
      expect(Math.abs(condition.metrics.underreliance!.value! - (1 - truth))).toBeLessThan(0.04);
      expect(Math.abs(condition.reliance_discrimination!)).toBeLessThan(0.06);
    }
    const comparison = result.comparisons.find((c) => c.metric === 'agreement')!;
    expect(comparison.condition).toBe('feature_importance');
    expect(comparison.newcombe![0]).toBeGreaterThan(0);
    expect(comparison.newcombe![0]).toBeLessThan(0.15);
    expect(comparison.newcombe![1]).toBeGreaterThan(0.15);
    expect(comparison.welch!.p).toBeLessThan(1e-6);
    expect(comparison.p_holm!).toBeLessThan(0.05);
    expect(comparison.mann_whitney!.p).toBeLessThan(1e-6);
    expect(comparison.welch!.hedges_g!).toBeGreaterThan(0);
    // AI accuracy is the same by construction: no detected difference is expected there.
    expect(result.comparisons.find((c) => c.metric === 'accuracy_ai')!.welch!.p).toBeGreaterThan(0.01);
  });
});
