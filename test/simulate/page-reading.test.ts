/**
 * Bots through the real flow of every bundled study (and of a test study with a stated accuracy, certainty, an
 * instructed-response check and a custom questionnaire): every bot completes, and on every decision page what the
 * bot read — the dossier's case, the advice, the confidence shown — is what the server showed, as recorded in the
 * store. So the page reader works on every page type and explanation type the flow renders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { storedDecisions } from './stored-decisions.ts';

const FIXTURES = 'test/simulate/fixtures/studies';
let server: InProcessServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function simulate(dir: string, id: string, participants: number, language: 'fr' | 'en') {
  server = await startInProcess({ experimentId: id, experimentsDir: dir });
  const acks: AcknowledgedAnswer[] = [];
  const summary = await runSimulation({
    experiment: server.experiment,
    target: { url: server.url },
    participants,
    concurrency: participants,
    policy: parsePolicy('random:0.5'),
    seed: 7,
    speed: Infinity,
    dropout: 0,
    inattentive: 0,
    language,
    distinctAddresses: true,
    onAcknowledged: (a) => acks.push(a),
  });
  return { summary, acks, decisions: await storedDecisions(server.store, server.experiment, acks) };
}

function expectReadAsShown(decisions: Awaited<ReturnType<typeof simulate>>['decisions']) {
  for (const { ack, records } of decisions) {
    expect(records, `${ack.participantId} ${ack.at}`).toHaveLength(1);
    const r = records[0];
    expect(String(r.decision)).toBe(ack.decision);
    expect(ack.seen!.caseId).toBe(r.caseId === '' ? null : r.caseId);
    if (r.advice) {
      expect(Number.isNaN(Number(r.advice.recommendation)) ? ack.seen!.advice : Number(ack.seen!.advice)).toBe(r.advice.recommendation);
    } else {
      expect(ack.seen!.advice).toBeNull();
    }
  }
}

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
    const { summary, acks, decisions } = await simulate(FIXTURES, 'sim-crash', 2, 'fr');
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
    const instructed = decisions.filter((d) => d.records[0].caseId === '');
    expect(instructed).toHaveLength(2);
    for (const d of instructed) expect(d.ack.decision).toBe('ne_pas_contacter');
    expect(acks.filter((a) => a.kind === 'trial').every((a) => a.certainty !== undefined)).toBe(true);
    const responses = [];
    for await (const r of server!.store.responses('sim-crash')) responses.push(r);
    expect(responses).toHaveLength(4);
  }, 120_000);
});
