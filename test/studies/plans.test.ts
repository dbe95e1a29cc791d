/**
 * The bundled studies work with the design engine as their comments promise: trial counts, exact errors per
 * condition or block, attention checks where stated, and (numeric) wrong estimates beyond the tolerance.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { planParticipant } from '../../experiments/design.ts';
import type { Experiment, PlannedTrial } from '../../experiments/model.ts';

const load = (id: string): Promise<Experiment> => loadExperiment(join(import.meta.dirname, '../../experiments/studies', id, 'experiment.yaml'));
const decisions = (trials: PlannedTrial[]): PlannedTrial[] => trials.filter((t) => t.kind === 'decision');
const PARTICIPANTS = Array.from({ length: 12 }, (_, i) => `participant-${i}`);

describe('signaux-faibles plans', () => {
  it('give every condition 2 practice and 20 decision trials, exactly 5 wrong, none in the first 3, the check after trial 12', async () => {
    const exp = await load('signaux-faibles');
    expect(exp.conditions.map((c) => c.id)).toEqual(['none', 'confidence', 'feature_importance', 'counterfactual']);
    for (const condition of exp.conditions) {
      for (const pid of PARTICIPANTS) {
        const plan = planParticipant(exp, pid, condition.id);
        expect(plan.practice).toHaveLength(2);
        const d = decisions(plan.trials);
        expect(d).toHaveLength(20);
        const wrong = d.filter((t) => t.advice?.correct === false).map((t) => t.index);
        expect(wrong).toHaveLength(5);
        expect(Math.min(...wrong)).toBeGreaterThanOrEqual(3);
        const check = plan.trials.findIndex((t) => t.kind === 'attention_case');
        expect(plan.trials[check].caseId).toBe('sf-a1');
        expect(plan.trials.slice(0, check).filter((t) => t.kind === 'decision')).toHaveLength(12);
      }
    }
  });
});

describe('aide-exceptionnelle plans', () => {
  it('cross 3 explanations with 2 framings and take the advice from the bank', async () => {
    const exp = await load('aide-exceptionnelle');
    expect(exp.conditions.map((c) => c.id)).toEqual([
      'none+outil',
      'none+autorite',
      'rationale+outil',
      'rationale+autorite',
      'similar_cases+outil',
      'similar_cases+autorite',
    ]);
    expect(exp.control).toBe('none+outil');
    const plan = planParticipant(exp, 'participant-0', 'rationale+autorite');
    const d = decisions(plan.trials);
    expect(d).toHaveLength(15);
    for (const t of d) {
      const c = exp.caseById.get(t.caseId);
      expect(t.advice?.recommendation).toBe(c?.ai.recommendation);
      expect(t.advice?.correct).toBe(c?.ai.recommendation === c?.truth);
    }
    expect(plan.trials.filter((t) => t.kind === 'attention_instructed')[0].instructed?.expected).toBe('pieces');
  });
});

describe('risque-inondation plans', () => {
  it('run both conditions in two blocks of 8, in both orders across participants, 2 wrong per block beyond 50 households', async () => {
    const exp = await load('risque-inondation');
    const orders = new Set<string>();
    for (const [ordinal, pid] of PARTICIPANTS.entries()) {
      const plan = planParticipant(exp, pid, null, ordinal);
      orders.add(plan.conditionOrder.join(','));
      const d = decisions(plan.trials);
      expect(d).toHaveLength(16);
      for (const block of [d.slice(0, 8), d.slice(8)]) {
        expect(new Set(block.map((t) => t.condition)).size).toBe(1);
        const wrong = block.filter((t) => t.advice?.correct === false);
        expect(wrong).toHaveLength(2);
        for (const t of wrong) {
          const truth = Number(exp.caseById.get(t.caseId)?.truth);
          expect(Math.abs(Number(t.advice?.recommendation) - truth)).toBeGreaterThan(50);
        }
      }
    }
    expect([...orders].sort()).toEqual(['feature_importance,none', 'none,feature_importance']);
  });
});

describe('controle-sanitaire plans', () => {
  it('cross who has the last word with accountability (2 x 2), the confidence shown everywhere, advice from the bank', async () => {
    const exp = await load('controle-sanitaire');
    expect(exp.conditions.map((c) => [c.id, c.lastWord, c.justifyOverrides?.min_chars ?? null, c.explanation.type])).toEqual([
      ['agent+libre', 'agent', null, 'confidence'],
      ['agent+justifiee', 'agent', 40, 'confidence'],
      ['ia+libre', 'ai', null, 'confidence'],
      ['ia+justifiee', 'ai', 40, 'confidence'],
    ]);
    expect(exp.control).toBe('agent+libre');
    const plan = planParticipant(exp, 'participant-0', 'ia+justifiee');
    expect(plan.practice).toHaveLength(2);
    const d = decisions(plan.trials);
    expect(d).toHaveLength(16);
    for (const t of d) expect(t.advice?.recommendation).toBe(exp.caseById.get(t.caseId)?.ai.recommendation);
    expect(plan.trials.filter((t) => t.kind === 'attention_instructed')[0].instructed?.expected).toBe('non_prioritaire');
  });
});
