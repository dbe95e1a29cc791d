/**
 * Page reading, continued (see page-reading.test.ts): the one-stage categorical and the numeric bundled studies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { storedDecisions } from './stored-decisions.ts';

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

describe('bots read every page of the bundled studies (continued)', () => {
  it('aide-exceptionnelle (one-stage, three answers, rationale and similar cases, framing) in English', async () => {
    const { summary, decisions } = await simulate('experiments/studies', 'aide-exceptionnelle', 6, 'en');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(6);
    expect(new Set(decisions.map((d) => d.records[0].condition)).size).toBe(6);
    expectReadAsShown(decisions);
  }, 120_000);

  it('risque-inondation (numeric, within-subjects blocks): the recommended numbers are read from their French format', async () => {
    const { summary, decisions } = await simulate('experiments/studies', 'risque-inondation', 2, 'fr');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(2);
    // 16 two-stage trials each: 16 advice pages per bot (the attention case may add one).
    expect(decisions.filter((d) => d.records[0].advice !== null).length).toBeGreaterThanOrEqual(2 * 16);
    expectReadAsShown(decisions);
  }, 120_000);

});
