/**
 * Harness of the page-reading tests: bots with a random policy through a study on an in-process server, and the
 * check that what each bot read on a decision page is what the store recorded as shown.
 */
import { afterEach, expect } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { storedDecisions, type StoredDecision } from './stored-decisions.ts';

/** Runs `participants` bots (as many at a time) on the study; the caller closes `server`. */
export async function simulateStudy(dir: string, id: string, participants: number, language: 'fr' | 'en') {
  const server: InProcessServer = await startInProcess({ experimentId: id, experimentsDir: dir });
  const acks: AcknowledgedAnswer[] = [];
  try {
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
    return { server, summary, acks, decisions: await storedDecisions(server.store, server.experiment, acks) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** `simulateStudy` for a test file: each test's server is closed after it (call at the top level of the file). */
export function closingSimulations(): typeof simulateStudy {
  let server: InProcessServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  return async (dir, id, participants, language) => {
    const run = await simulateStudy(dir, id, participants, language);
    server = run.server;
    return run;
  };
}

export function expectReadAsShown(decisions: readonly StoredDecision[]): void {
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
