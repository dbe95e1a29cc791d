import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { bankAccuracy, summarizeExperiment } from '../../experiments/summary.ts';

const MINIMAL = join(import.meta.dirname, 'fixtures', 'minimal', 'experiment.yaml');

describe('summarizeExperiment', () => {
  it('shows identity, design, conditions with their explanation, trials, AI accuracy, questionnaires, target and hash', async () => {
    const exp = await loadExperiment(MINIMAL);
    const summary = summarizeExperiment(exp, 'en');
    const lines = summary.split('\n');
    expect(lines[0]).toBe('minimal v1.0 — Minimal trial  [valid]');
    expect(summary).toContain('Design: between-subjects');
    expect(summary).toContain('two-stage');
    expect(summary).toContain('  - none+tool (control): explanation none; framing "A support tool"; AI accuracy 75.0 % (3 errors / 12)');
    expect(summary).toContain('  - feature_importance+authority: explanation feature_importance;');
    expect(summary).toContain('Trials per participant: 2 practice + 12 decision + 2 attention check(s) (1 obvious case, 1 instructed response); sampling stratified');
    expect(summary).toContain('Questionnaires: before: propensity (6 items); after: jian_trust (12 items), workload (2 items)');
    // The translation mark of each scale, per language of the study.
    expect(summary).toContain("  Wording (en): authors' wording: propensity, jian_trust; own wording, not a validated instrument: workload");
    expect(summary).toContain('  Wording (fr): translation NOT validated: propensity, jian_trust; own wording, not a validated instrument: workload');
    expect(summary).toContain('Target: 30 participants per condition (120 in all)');
    expect(summary).toContain(`configHash: ${exp.configHash.slice(0, 12)}`);
    expect(lines.length).toBeLessThanOrEqual(24);
  });

  it('shows the comprehension check, the recruitment and the payment of a study run on Prolific', async () => {
    const summary = summarizeExperiment(await loadExperiment('experiments/studies/signaux-faibles/experiment.yaml'), 'en');
    expect(summary).toContain('  Comprehension check: 2 question(s), 2 attempt(s), then screen-out');
    expect(summary).toContain('  Recruitment: prolific; keeps PROLIFIC_PID, STUDY_ID, SESSION_ID (hashed); resumes on the same PROLIFIC_PID; completion code SIGNAUX-2024');
    expect(summary).toContain('  Payment (GBP): fixed 3.75; bonus 0.05 per right decision, at most 1.00');
    expect(summarizeExperiment(await loadExperiment(MINIMAL), 'en')).not.toMatch(/Recruitment|Payment|Comprehension/);
  });

  it('speaks French when asked', async () => {
    const summary = summarizeExperiment(await loadExperiment(MINIMAL), 'fr');
    expect(summary.split('\n')[0]).toBe('minimal v1.0 — Essai minimal  [valide]');
    expect(summary).toContain('Plan: inter-sujets');
  });

  it('computes the case-bank accuracy as the share of cases whose ai_recommendation equals the truth', async () => {
    const exp = await loadExperiment(MINIMAL);
    const cases = exp.cases.slice(0, 4).map((c, i) => ({ ...c, ai: { recommendation: i === 0 ? 'ne_pas_contacter' : c.truth } }));
    // c01 truth contacter gets the wrong advice; c02..c04 get their own truth: 3 right of 4.
    expect(bankAccuracy(exp, cases)).toBe(0.75);
  });
});
