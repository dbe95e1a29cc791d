import { describe, expect, it } from 'vitest';
import { planParticipant } from '../../experiments/design.ts';
import type { Experiment, PlannedTrial, TrialPlan } from '../../experiments/model.ts';
import { makeExperiment } from './fixture.ts';

/** One plan, recorded once: binary fixture, seed 7, advisor seed 3, 5 errors of 20 none in the first 3, never two in a row (min_gap 1), participant p-0001. */
const SNAPSHOT = {
  seed: 1553813174,
  practice: ['c003', 'c000'],
  cases: ['c027', 'c114', 'c019', 'c090', 'c034', 'c040', 'c098', 'c118', 'c092', 'c054',
    'c057', 'c072', 'c070', 'c046', 'c033', 'c056', 'c075', 'c017', 'c030', 'c077'],
  errors: [4, 7, 13, 15, 18],
};

const decisions = (plan: TrialPlan) => plan.trials.filter((t) => t.kind === 'decision');
const errorPositions = (trials: PlannedTrial[]) => trials.flatMap((t, i) => (t.advice && !t.advice.correct ? [i] : []));
const truthOf = (exp: Experiment, id: string) => exp.caseById.get(id)?.truth;

describe('planParticipant: determinism', () => {
  const exp = makeExperiment({ task: 'binary', errors: 5, noErrorsInFirst: 3, practice: 2, practiceCases: 6 });

  it('gives a deep-equal plan for the same inputs', () => {
    expect(planParticipant(exp, 'p-0001', 'feature_importance')).toEqual(planParticipant(exp, 'p-0001', 'feature_importance'));
  });

  it('gives another participant another case order and error placement', () => {
    const a = planParticipant(exp, 'p-0001', 'none');
    const b = planParticipant(exp, 'p-0002', 'none');
    expect(decisions(a).map((t) => t.caseId)).not.toEqual(decisions(b).map((t) => t.caseId));
    expect(a.seed).not.toBe(b.seed);
  });

  it('keeps the same cases and error positions across conditions for one participant (only the explanation differs)', () => {
    const a = planParticipant(exp, 'p-0001', 'none');
    const b = planParticipant(exp, 'p-0001', 'feature_importance');
    expect(decisions(a).map((t) => t.caseId)).toEqual(decisions(b).map((t) => t.caseId));
    expect(errorPositions(decisions(a))).toEqual(errorPositions(decisions(b)));
  });

  it('is stable across machines: a committed snapshot of case ids and error positions', () => {
    // Recorded from this implementation (FNV-1a + fmix32 seeds, xoroshiro128+ of pure-rand 8.4.2). If this changes,
    // plans of running studies would change: bump the experiment version instead.
    const plan = planParticipant(exp, 'p-0001', 'none');
    expect(plan.seed).toBe(SNAPSHOT.seed);
    expect(plan.practice.map((t) => t.caseId)).toEqual(SNAPSHOT.practice);
    expect(decisions(plan).map((t) => t.caseId)).toEqual(SNAPSHOT.cases);
    expect(errorPositions(decisions(plan))).toEqual(SNAPSHOT.errors);
  });
});

describe('planParticipant: between subjects', () => {
  it('puts every trial in the assigned condition with exactly the scheduled errors', () => {
    const exp = makeExperiment({ errors: 5, noErrorsInFirst: 3, noErrorsInLast: 2, minGap: 2 });
    for (let p = 0; p < 50; p++) {
      const plan = planParticipant(exp, `p${p}`, 'feature_importance');
      expect(plan.conditionOrder).toEqual(['feature_importance']);
      const d = decisions(plan);
      expect(d).toHaveLength(20);
      expect(d.every((t) => t.condition === 'feature_importance')).toBe(true);
      const wrong = errorPositions(d);
      expect(wrong).toHaveLength(5);
      expect(Math.min(...wrong)).toBeGreaterThanOrEqual(3);
      expect(Math.max(...wrong)).toBeLessThan(18);
      for (let i = 1; i < wrong.length; i++) expect(wrong[i] - wrong[i - 1]).toBeGreaterThanOrEqual(3); // >= 2 right between
      expect(new Set(d.map((t) => t.caseId)).size).toBe(20);
      expect(d.map((t) => t.index)).toEqual([...Array(20).keys()]);
    }
  });

  it('honours a per-condition advisor_errors override', () => {
    const exp = makeExperiment({ errors: 5, conditionErrors: { none: 2 } });
    expect(errorPositions(decisions(planParticipant(exp, 'p', 'none')))).toHaveLength(2);
    expect(errorPositions(decisions(planParticipant(exp, 'p', 'feature_importance')))).toHaveLength(5);
  });

  it('rejects a missing or unknown condition', () => {
    const exp = makeExperiment();
    expect(() => planParticipant(exp, 'p', null)).toThrow(/between-subjects/);
    expect(() => planParticipant(exp, 'p', 'nope')).toThrow(/between-subjects/);
  });

  it('follows the bank with advisor.source case_bank: correct exactly when the bank is', () => {
    const exp = makeExperiment({ source: 'case_bank', bankConfidence: true });
    const plan = planParticipant(exp, 'p-7', 'none');
    for (const t of decisions(plan)) {
      const c = exp.caseById.get(t.caseId)!;
      expect(t.advice?.recommendation).toBe(c.ai.recommendation);
      expect(t.advice?.correct).toBe(c.ai.recommendation === c.truth);
      expect(t.advice?.confidence).toBe(c.ai.confidence);
    }
  });

  it('judges numeric bank advice with correct_within', () => {
    const exp = makeExperiment({ task: 'numeric', source: 'case_bank' });
    for (const t of decisions(planParticipant(exp, 'p-8', 'none'))) {
      const c = exp.caseById.get(t.caseId)!;
      expect(t.advice?.correct).toBe(Math.abs(Number(c.ai.recommendation) - Number(c.truth)) <= 20);
    }
  });
});

describe('planParticipant: within subjects', () => {
  const exp = makeExperiment({
    design: 'within',
    explanations: [{ type: 'none' }, { type: 'confidence', format: 'both' }, { type: 'rationale', max_factors: 2 }],
    trials: 24,
    errors: 2,
    conditionErrors: { rationale: 3 },
  });

  it('takes the block order from the Williams row of the arrival ordinal', () => {
    expect(planParticipant(exp, 'p', null, 0).conditionOrder).toEqual(['none', 'confidence', 'rationale']);
    expect(planParticipant(exp, 'p', null, 1).conditionOrder).toEqual(['confidence', 'rationale', 'none']);
    expect(planParticipant(exp, 'p', null, 3).conditionOrder).toEqual(['rationale', 'confidence', 'none']);
    expect(planParticipant(exp, 'p', null, 6).conditionOrder).toEqual(['none', 'confidence', 'rationale']);
  });

  it('draws a row from the participant seed without an ordinal, so every order occurs', () => {
    const orders = new Set<string>();
    for (let p = 0; p < 200; p++) orders.add(planParticipant(exp, `p${p}`, null).conditionOrder.join('>'));
    expect(orders.size).toBe(6);
  });

  it('splits the trials evenly into consecutive blocks, each with its condition’s exact errors', () => {
    for (let p = 0; p < 30; p++) {
      const plan = planParticipant(exp, `p${p}`, null, p);
      const d = decisions(plan);
      plan.conditionOrder.forEach((condition, b) => {
        const block = d.slice(b * 8, (b + 1) * 8);
        expect(block.every((t) => t.condition === condition)).toBe(true);
        expect(errorPositions(block)).toHaveLength(condition === 'rationale' ? 3 : 2);
        expect(block.every((t) => t.advice?.explanation.type === condition)).toBe(true);
      });
    }
  });
});

describe('planParticipant: case sampling', () => {
  it('fixed: the listed cases in their order', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `c${String(30 - i).padStart(3, '0')}`);
    const exp = makeExperiment({ sampling: 'fixed', fixedCases: ids, trials: 10, errors: 2 });
    expect(decisions(planParticipant(exp, 'a', 'none')).map((t) => t.caseId)).toEqual(ids);
    expect(decisions(planParticipant(exp, 'b', 'none')).map((t) => t.caseId)).toEqual(ids);
  });

  it('stratified binary: 10 of each class in 20 trials, in a shuffled order', () => {
    const exp = makeExperiment({ sampling: 'stratified' });
    for (let p = 0; p < 20; p++) {
      const d = decisions(planParticipant(exp, `p${p}`, 'none'));
      const contact = d.filter((t) => truthOf(exp, t.caseId) === 'contacter').length;
      expect(contact).toBe(10);
    }
    const first = decisions(planParticipant(exp, 'p0', 'none')).map((t) => truthOf(exp, t.caseId));
    expect(first.slice(0, 10).every((x) => x === first[0])).toBe(false);
  });

  it('stratified categorical: 7 + 7 + 7 of 21; numeric: terciles of the truth 7 + 7 + 7', () => {
    const cat = makeExperiment({ task: 'categorical', sampling: 'stratified', trials: 21 });
    const d = decisions(planParticipant(cat, 'p1', 'none'));
    for (const label of ['accorder', 'refuser', 'pieces']) expect(d.filter((t) => truthOf(cat, t.caseId) === label)).toHaveLength(7);

    const num = makeExperiment({ task: 'numeric', sampling: 'stratified', trials: 21 });
    // Terciles by rank of the truth, ties in case bank order (120 cases: 40 per tercile).
    const ranked = num.cases
      .map((c, order) => ({ c, order }))
      .sort((a, b) => Number(a.c.truth) - Number(b.c.truth) || a.order - b.order)
      .map((x) => x.c.id);
    const ids = decisions(planParticipant(num, 'p1', 'none')).map((t) => t.caseId);
    for (const tercile of [ranked.slice(0, 40), ranked.slice(40, 80), ranked.slice(80)]) {
      expect(ids.filter((id) => tercile.includes(id))).toHaveLength(7);
    }
  });

  it('stratified with uneven remainders: counts differ by at most one', () => {
    const cat = makeExperiment({ task: 'categorical', sampling: 'stratified', trials: 20 });
    for (let p = 0; p < 20; p++) {
      const d = decisions(planParticipant(cat, `p${p}`, 'none'));
      const sizes = ['accorder', 'refuser', 'pieces'].map((l) => d.filter((t) => truthOf(cat, t.caseId) === l).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((a, b) => a + b)).toBe(20);
    }
  });

  it('stratified within subjects: each block balanced', () => {
    const exp = makeExperiment({ sampling: 'stratified', design: 'within', trials: 20 });
    const d = decisions(planParticipant(exp, 'p', null, 0));
    for (const block of [d.slice(0, 10), d.slice(10)]) {
      expect(block.filter((t) => truthOf(exp, t.caseId) === 'contacter')).toHaveLength(5);
    }
  });

  it('never draws practice or attention-check cases as decision trials, and practice cases never repeat', () => {
    const exp = makeExperiment({ practice: 3, practiceCases: 2, attentionCases: 3, trials: 30, errors: 5 });
    for (let p = 0; p < 30; p++) {
      const plan = planParticipant(exp, `p${p}`, 'none');
      const practiceIds = plan.practice.map((t) => t.caseId);
      expect(practiceIds).toHaveLength(3);
      expect(practiceIds).toEqual(expect.arrayContaining(['c000', 'c001']));
      for (const t of decisions(plan)) {
        const c = exp.caseById.get(t.caseId)!;
        expect(c.practice || c.attentionCheck).toBe(false);
        expect(practiceIds).not.toContain(t.caseId);
      }
      expect(plan.practice.every((t) => t.advice?.correct === true)).toBe(true);
    }
  });

  it('inserts attention checks after the stated decision trial, with indices after the decision trials, a real dossier and advice like their neighbours', () => {
    const exp = makeExperiment({
      attentionCases: 2,
      attentionChecks: [
        { kind: 'obvious_case', case: 'c119', after_trial: 10 },
        { kind: 'instructed_response', text: { en: 'Choose "Contact"', fr: 'Choisissez « Contacter »' }, expected: 'contacter', after_trial: 4 },
      ],
    });
    const plan = planParticipant(exp, 'p', 'none');
    expect(plan.trials).toHaveLength(22);
    expect(plan.trials[4]).toMatchObject({ kind: 'attention_instructed', index: 20, instructed: { expected: 'contacter' } });
    // The instructed check shows the bank's other attention case (c119 is the obvious case's own).
    expect(plan.trials[4].caseId).toBe('c118');
    expect(plan.trials[11]).toMatchObject({ kind: 'attention_case', caseId: 'c119', index: 21 });
    for (const check of [plan.trials[4], plan.trials[11]]) {
      expect(check.advice).not.toBeNull();
      expect(check.advice?.correct).toBe(true);
      expect(check.advice?.explanation.type).toBe(plan.trials[3].advice?.explanation.type);
    }
    expect(plan.trials[3]).toMatchObject({ kind: 'decision', index: 3 });
    expect(plan.trials[10]).toMatchObject({ kind: 'decision', index: 9 });
    expect(decisions(plan).map((t) => t.caseId)).not.toContain('c119');
  });
});
