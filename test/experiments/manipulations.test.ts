/**
 * Cognitive forcing (advice_timing) and outcome feedback (outcome_feedback) as condition settings: in the JSON
 * Schema for editors, resolved into the conditions, and shown in `validate`'s summary in both languages.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';
import { loadExperiment } from '../../experiments/load.ts';
import { summarizeExperiment } from '../../experiments/summary.ts';

const SIM_FORCING = join(import.meta.dirname, '..', 'simulate', 'fixtures', 'studies', 'sim-forcing', 'experiment.yaml');

describe('advice_timing and outcome_feedback', () => {
  it('are in the JSON Schema of a factor level, with their modes and the delay bound', () => {
    const text = JSON.stringify(experimentJsonSchema());
    for (const key of ['"advice_timing"', '"outcome_feedback"', '"const":"on_request"', '"const":"delayed"', '"const":"immediate"', '"const":"trial"', '"const":"block"', '"delay_s"', '"every"'])
      expect(text).toContain(key);
    expect(text).toContain('"maximum":600');
  });

  it('are resolved into the conditions', async () => {
    const exp = await loadExperiment(SIM_FORCING);
    expect(exp.conditions.map((c) => [c.id, c.adviceTiming, c.outcomeFeedback])).toEqual([
      ['on_request', { mode: 'on_request' }, { type: 'trial' }],
      ['delayed', { mode: 'delayed', delay_s: 1 }, { type: 'block', every: 2 }],
    ]);
  });

  it('are shown per condition by validate, in English and in French', async () => {
    const exp = await loadExperiment(SIM_FORCING);
    const en = summarizeExperiment(exp, 'en');
    expect(en).toContain('  - on_request (control): explanation none; advice on request; feedback after each decision; AI accuracy');
    expect(en).toContain('  - delayed: explanation none; advice after 1 s; feedback summary every 2 trials; AI accuracy');
    const fr = summarizeExperiment(exp, 'fr');
    expect(fr).toContain('  - on_request (contrôle): explication none; avis sur demande; retour après chaque décision;');
    expect(fr).toContain('  - delayed: explication none; avis après 1 s; bilan tous les 2 essais;');
  });
});
