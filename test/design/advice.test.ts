import { describe, expect, it } from 'vitest';
import { planParticipant } from '../../experiments/design.ts';
import { drawConfidence, simulatedRecommendation } from '../../experiments/advice.ts';
import { contributionsFor, sum } from '../../experiments/explanations/evidence.ts';
import { formatFieldValue } from '../../experiments/format-value.ts';
import type { ExplanationOptions } from '../../experiments/explanations/index.ts';
import type { Advice, Experiment, PlannedTrial } from '../../experiments/model.ts';
import { createRng, seedFor } from '../../experiments/random.ts';
import { makeExperiment, type TaskKind } from './fixture.ts';

const ALL: ExplanationOptions[] = [
  { type: 'none' },
  { type: 'confidence', format: 'both' },
  { type: 'feature_importance', top: 4, show_values: true },
  { type: 'counterfactual', max_changes: 2 },
  { type: 'similar_cases', count: 3 },
  { type: 'rationale', max_factors: 2 },
];

/** Every decision trial of `participants` participants in condition `condition`. */
function trialsOf(exp: Experiment, condition: string, participants = 20): { trial: PlannedTrial; advice: Advice; own: Set<string> }[] {
  return Array.from({ length: participants }, (_, p) => planParticipant(exp, `p${p}`, condition)).flatMap((plan) => {
    const own = new Set([...plan.practice, ...plan.trials].map((t) => t.caseId));
    return plan.trials.filter((t) => t.advice).map((trial) => ({ trial, advice: trial.advice as Advice, own }));
  });
}

const labelText = (exp: Experiment, value: string | number, lang: 'fr' | 'en') => {
  const task = exp.file.task;
  return task.type === 'numeric' ? String(value) : task.labels.find((l) => l.value === value)?.text[lang];
};

for (const task of ['binary', 'categorical'] as TaskKind[]) {
  for (const withContrib of [true, false]) {
    describe(`${task} advice, ${withContrib ? 'with' : 'without'} contrib_* columns: wrong advice argues for the label shown`, () => {
      const exp = makeExperiment({ task, explanations: ALL, contributions: withContrib, errors: 6 });

      it('shows a wrong label exactly on the scheduled trials (binary: the other label)', () => {
        const rows = trialsOf(exp, 'none');
        for (const { trial, advice } of rows) {
          const truth = exp.caseById.get(trial.caseId)?.truth;
          expect(advice.correct).toBe(advice.recommendation === truth);
          if (task === 'binary' && !advice.correct) expect(advice.recommendation).not.toBe(truth);
        }
        expect(rows.filter((r) => !r.advice.correct)).toHaveLength(20 * 6);
      });

      it('feature importance: the net weight favours the shown label, right or wrong', () => {
        for (const { advice, trial } of trialsOf(exp, 'feature_importance')) {
          if (advice.explanation.type !== 'feature_importance') throw new Error('wrong type');
          const all = contributionsFor(exp, exp.caseById.get(trial.caseId)!, advice.recommendation).contributions;
          expect(sum(all.map((c) => c.weight))).toBeGreaterThan(0);
          expect(advice.explanation.factors.some((f) => f.weight > 0)).toBe(true);
          const weights = advice.explanation.factors.map((f) => Math.abs(f.weight));
          expect(weights).toEqual([...weights].sort((a, b) => b - a));
        }
      });

      it('similar cases: outcomes equal the shown label, never one of the participant’s own cases', () => {
        for (const { advice, own } of trialsOf(exp, 'similar_cases')) {
          if (advice.explanation.type !== 'similar_cases') throw new Error('wrong type');
          expect(advice.explanation.cases).toHaveLength(3);
          for (const c of advice.explanation.cases) {
            expect(c.outcome).toBe(advice.recommendation);
            expect(own.has(c.caseId)).toBe(false);
            expect(Object.keys(c.values)).toEqual(['score_a', 'score_b', 'sector']);
          }
        }
      });

      it('rationale (simulated advisor): always generated, naming the shown label in both languages, never the bank text', () => {
        // Bank text on the trials where the simulated advice equals the bank's label, and generated text elsewhere,
        // would let the form of the rationale betray a wrong advice.
        for (const { advice } of trialsOf(exp, 'rationale')) {
          if (advice.explanation.type !== 'rationale') throw new Error('wrong type');
          expect(advice.explanation.text.fr).toContain(`«\u00a0${labelText(exp, advice.recommendation, 'fr')}\u00a0»`);
          expect(advice.explanation.text.en).toContain(`“${labelText(exp, advice.recommendation, 'en')}”`);
        }
      });

      it('rationale (case-bank advisor): the bank text', () => {
        const bankExp = makeExperiment({ task, explanations: ALL, contributions: withContrib, source: 'case_bank' });
        const rows = trialsOf(bankExp, 'rationale');
        expect(rows.length).toBeGreaterThan(0);
        for (const { advice } of rows) {
          if (advice.explanation.type !== 'rationale') throw new Error('wrong type');
          expect(advice.explanation.text).toEqual({ fr: 'justification de la banque', en: 'bank rationale' });
        }
      });

      it('counterfactual: an alternative other than the shown label, at most max_changes changes to other values', () => {
        for (const { advice } of trialsOf(exp, 'counterfactual')) {
          if (advice.explanation.type !== 'counterfactual') throw new Error('wrong type');
          expect(advice.explanation.alternative).not.toBe(advice.recommendation);
          expect(advice.explanation.changes.length).toBeLessThanOrEqual(2);
          for (const ch of advice.explanation.changes) expect(ch.to).not.toEqual(ch.from);
        }
      });
    });
  }
}

describe('generated rationale text', () => {
  it('cites the top supporting factors with their labels and values, in French and English', () => {
    const exp = makeExperiment({ task: 'binary', explanations: ALL, contributions: false, errors: 0, trials: 1, sampling: 'fixed', fixedCases: ['c010'] });
    const c = exp.caseById.get('c010')!;
    c.ai = {}; // no bank material: the text must be generated
    const advice = planParticipant(exp, 'x', 'rationale').trials[0].advice!;
    if (advice.explanation.type !== 'rationale') throw new Error('wrong type');
    expect(advice.recommendation).toBe(c.truth);
    const top = contributionsFor(exp, c, c.truth)
      .contributions.filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight)[0];
    const field = exp.file.display.fields.find((f) => f.key === top.field)!;
    const value = c.values[top.field];
    // Labels start lower-case inside the sentence; values are formatted by the field's format and language.
    const lower = (t: string) => t[0].toLowerCase() + t.slice(1);
    const shown = (lang: 'fr' | 'en') => formatFieldValue(field, value, lang);
    expect(advice.explanation.text.en).toContain(`The AI recommends: “${labelText(exp, c.truth, 'en')}”. Main factors in favour: ${lower(field.label.en!)}: ${shown('en')}`);
    expect(advice.explanation.text.fr).toContain(
      `L'IA recommande\u00a0: «\u00a0${labelText(exp, c.truth, 'fr')}\u00a0». Principaux éléments en faveur\u00a0: ${lower(field.label.fr!)}\u00a0: ${shown('fr')}`,
    );
  });
});

describe('numeric advice', () => {
  const exp = makeExperiment({ task: 'numeric', explanations: ALL, errors: 6 });

  it('wrong estimates are beyond correct_within and inside the bounds; right ones within it', () => {
    for (const { advice, trial } of trialsOf(exp, 'none')) {
      const truth = Number(exp.caseById.get(trial.caseId)?.truth);
      const off = Math.abs(Number(advice.recommendation) - truth);
      if (advice.correct) expect(off).toBeLessThanOrEqual(20);
      else expect(off).toBeGreaterThan(20);
      expect(Number(advice.recommendation)).toBeGreaterThanOrEqual(0);
      expect(Number(advice.recommendation)).toBeLessThanOrEqual(2000);
    }
  });

  it('a wrong estimate is truth * (1 ± numeric_error), the other way when one side leaves the bounds', () => {
    const c = { ...exp.cases[0], truth: 1900, ai: {} };
    for (let s = 0; s < 20; s++) expect(simulatedRecommendation(exp, c, true, createRng(s))).toBe(1330); // 1900 * 1.3 > 2000
    const small = { ...exp.cases[0], truth: 10, ai: {} };
    // 10 * 0.3 = 3 is within correct_within 20: the offset becomes correct_within + step = 21.
    for (let s = 0; s < 20; s++) expect(simulatedRecommendation(exp, small, true, createRng(s))).toBe(31);
  });

  it('contributions add up to the shown estimate from the base (with and without contrib_*)', () => {
    for (const withContrib of [true, false]) {
      const e = makeExperiment({ task: 'numeric', explanations: ALL, contributions: withContrib });
      for (const { advice, trial } of trialsOf(e, 'feature_importance', 5)) {
        const { contributions, base } = contributionsFor(e, e.caseById.get(trial.caseId)!, advice.recommendation);
        expect(base).toBeDefined();
        expect(base! + sum(contributions.map((c) => c.weight))).toBeCloseTo(Number(advice.recommendation), 3);
      }
    }
  });

  it('similar cases: outcomes near the shown estimate (within max(10%, correct_within)) for the large majority', () => {
    // When fewer than `count` cases lie in the band (wrong estimates far out), the nearest outcomes fill up.
    let inBand = 0;
    let shown = 0;
    for (const { advice, own } of trialsOf(exp, 'similar_cases', 10)) {
      if (advice.explanation.type !== 'similar_cases') throw new Error('wrong type');
      expect(advice.explanation.cases).toHaveLength(3);
      const band = Math.max(20, 0.1 * Number(advice.recommendation), 1);
      for (const c of advice.explanation.cases) {
        expect(own.has(c.caseId)).toBe(false);
        shown++;
        if (Math.abs(Number(c.outcome) - Number(advice.recommendation)) <= band + 1e-9) inBand++;
      }
    }
    expect(inBand / shown).toBeGreaterThan(0.9);
  });

  it('rationale states the estimate with its unit, grouped by the language (1 727 ménages, 1,727 households)', () => {
    let checked = 0;
    for (const { advice, trial } of trialsOf(exp, 'rationale', 3)) {
      if (advice.explanation.type !== 'rationale') throw new Error('wrong type');
      if (exp.caseById.get(trial.caseId)?.ai.recommendation === advice.recommendation) continue;
      const n = Number(advice.recommendation);
      const en = n.toLocaleString('en-GB');
      const fr = n >= 1000 ? `${Math.floor(n / 1000)}\u202f${String(n % 1000).padStart(3, '0')}` : String(n);
      expect(advice.explanation.text.en).toContain(`The AI's estimate: ${en}\u00a0households.`);
      expect(advice.explanation.text.fr).toContain(`Estimation de l'IA\u00a0: ${fr}\u00a0ménages.`);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('confidence behaviours', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const draw = (behaviour: 'calibrated' | 'overconfident' | 'uninformative', correct: boolean, p: number, floor: number, n: number) => {
    const rng = createRng(seedFor(behaviour, String(correct), p, floor));
    return Array.from({ length: n }, () => drawConfidence(behaviour, correct, p, floor, rng));
  };

  for (const [p, floor] of [
    [0.75, 0.5],
    [0.8, 1 / 3],
    [0.7, 0],
  ] as const) {
    it(`calibrated (accuracy ${p}, floor ${floor.toFixed(2)}): right > wrong on average, overall mean = accuracy`, () => {
      const right = draw('calibrated', true, p, floor, 40_000);
      const wrong = draw('calibrated', false, p, floor, 40_000);
      expect(mean(right)).toBeGreaterThan(mean(wrong) + 0.02);
      expect(p * mean(right) + (1 - p) * mean(wrong)).toBeCloseTo(p, 2);
      const all = [...right, ...wrong];
      expect(Math.min(...all)).toBeGreaterThanOrEqual(floor);
      expect(Math.max(...all)).toBeLessThanOrEqual(1);
    });
  }

  it('calibrated: P(right | confidence) ≈ confidence in bins (exact calibration by construction)', () => {
    const p = 0.75;
    const right = draw('calibrated', true, p, 0.5, 60_000);
    const wrong = draw('calibrated', false, p, 0.5, 20_000); // mixed 3:1, as trials with accuracy 0.75 are
    for (const [lo, hi] of [
      [0.6, 0.7],
      [0.7, 0.8],
      [0.8, 0.9],
    ]) {
      const r = right.filter((c) => c >= lo && c < hi).length;
      const w = wrong.filter((c) => c >= lo && c < hi).length;
      expect(r / (r + w)).toBeGreaterThan(lo - 0.03);
      expect(r / (r + w)).toBeLessThan(hi + 0.03);
    }
  });

  it('overconfident: within [0.90, 0.99] whether right or wrong', () => {
    for (const correct of [true, false]) {
      const all = draw('overconfident', correct, 0.7, 0.5, 5000);
      expect(Math.min(...all)).toBeGreaterThanOrEqual(0.9);
      expect(Math.max(...all)).toBeLessThanOrEqual(0.99);
      expect(Math.min(...all)).toBeLessThan(0.91); // spread over the whole range, not a constant
      expect(Math.max(...all)).toBeGreaterThan(0.98);
    }
  });

  it('uninformative: the same distribution right or wrong, with mean = accuracy', () => {
    const right = draw('uninformative', true, 0.75, 0.5, 40_000);
    const wrong = draw('uninformative', false, 0.75, 0.5, 40_000);
    expect(mean(right)).toBeCloseTo(0.75, 2);
    expect(mean(wrong)).toBeCloseTo(0.75, 2);
    const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)];
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) expect(Math.abs(quantile(right, q) - quantile(wrong, q))).toBeLessThan(0.01);
  });

  it('in plans: simulated calibrated confidence averages the condition accuracy (15 of 20 right)', () => {
    const exp = makeExperiment({ task: 'binary', errors: 5, confidence: 'calibrated' });
    const rows = trialsOf(exp, 'none', 400);
    const conf = (ok: boolean) => mean(rows.filter((r) => r.advice.correct === ok).map((r) => r.advice.confidence));
    expect(mean(rows.map((r) => r.advice.confidence))).toBeCloseTo(0.75, 1);
    expect(Math.abs(mean(rows.map((r) => r.advice.confidence)) - 0.75)).toBeLessThan(0.01);
    expect(conf(true)).toBeGreaterThan(conf(false));
  });
});

describe('simulated advisor with bank confidences', () => {
  it('ignores ai_confidence, so an uninformative advisor’s confidence says nothing about correctness', () => {
    const exp = makeExperiment({ task: 'binary', explanations: [{ type: 'confidence', format: 'both' }], bankConfidence: true, confidence: 'uninformative', errors: 6 });
    const condition = exp.conditions[0]!.id;
    const rows = trialsOf(exp, condition, 300);
    const bank = new Set(exp.cases.map((c) => c.ai.confidence));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const right = rows.filter((r) => r.advice.correct).map((r) => r.advice.confidence);
    const wrong = rows.filter((r) => !r.advice.correct).map((r) => r.advice.confidence);
    expect(wrong.length).toBe(300 * 6);
    // Same distribution for right and wrong advice: means within Monte Carlo error (SD of a mean of 1800 draws < 0.005).
    expect(Math.abs(mean(right) - mean(wrong))).toBeLessThan(0.02);
    // And the values are drawn by the behaviour, not copied from the bank (bank values have 2 decimals in 0.60-0.95).
    expect(rows.filter((r) => bank.has(r.advice.confidence)).length).toBeLessThan(rows.length / 2);
  });
});
