/**
 * Bots through the real flow of every bundled study (and of a test study with a stated accuracy, certainty, an
 * instructed-response check and a custom questionnaire): every bot completes, and on every decision page what the
 * bot read — the dossier's case, the advice, the confidence shown — is what the server showed, as recorded in the
 * store. So the page reader works on every page type and explanation type the flow renders.
 */
import { describe, expect, it } from 'vitest';
import { closingSimulations, expectReadAsShown } from './reading-harness.ts';

const FIXTURES = 'test/simulate/fixtures/studies';
const simulate = closingSimulations();

describe('bots read every page of the bundled studies', () => {
  it('signaux-faibles (two-stage, practice with feedback, questionnaires, attention case, four explanation types)', async () => {
    const { summary, acks, decisions } = await simulate('experiments/studies', 'signaux-faibles', 4, 'fr');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(4);
    expect(new Set(acks.map((a) => a.kind))).toEqual(new Set(['consent', 'questionnaire', 'continue', 'trial']));
    expectReadAsShown(decisions);
    // The `confidence` condition shows the model's confidence: the bot reads it to the percent.
    const withConfidence = decisions.filter((d) => d.records[0].advice?.explanation === 'confidence');
    expect(withConfidence.length).toBeGreaterThan(0);
    // Shown as a whole percentage: within half a percent of the model's confidence.
    for (const d of withConfidence) expect(Math.abs(d.ack.seen!.shownConfidence! - d.records[0].advice!.confidence!)).toBeLessThanOrEqual(0.005 + 1e-9);
    for (const d of decisions.filter((x) => x.records[0].advice && x.records[0].advice.explanation !== 'confidence')) {
      expect(d.ack.seen!.shownConfidence).toBeNull();
    }
  }, 120_000);

  it('a stated accuracy, certainty, an instructed-response check and a custom questionnaire', async () => {
    const { server, summary, acks, decisions } = await simulate(FIXTURES, 'sim-crash', 2, 'fr');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(2);
    expectReadAsShown(decisions);
    const byCondition = new Map(decisions.map((d) => [d.records[0].condition, d]));
    expect([...byCondition.keys()].sort()).toEqual(['confidence', 'none']);
    // "none" states an accuracy of 80 %; "confidence" shows the model's own confidence.
    for (const d of decisions.filter((x) => x.records[0].advice)) {
      const shown = d.records[0].condition === 'none' ? 0.8 : d.records[0].advice!.confidence!;
      expect(Math.abs(d.ack.seen!.shownConfidence! - shown)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // The instructed check shows a real dossier of the bank (an attention case no obvious check uses).
    const instructed = decisions.filter((d) => d.records.some((r) => r.attentionCheck === true && r.phase === 'final'));
    expect(instructed).toHaveLength(2);
    expect(instructed.every((d) => d.records[0].caseId !== '')).toBe(true);
    for (const d of instructed) expect(d.ack.decision).toBe('ne_pas_contacter');
    expect(acks.filter((a) => a.kind === 'trial').every((a) => a.certainty !== undefined)).toBe(true);
    const responses = [];
    for await (const r of server.store.responses('sim-crash')) responses.push(r);
    expect(responses).toHaveLength(4);
  }, 120_000);
});
