/**
 * A participant's answer that meets the start of their erasure (the researcher erases them while the POST is on its
 * way): the store refuses the write with ErasedParticipantError (server/store/erasure.ts), as it does when the erasure
 * mark lands between the participant's read and the write. The participant gets a plain page saying their
 * participation is erased (410), in their language, not a server error, and nothing of the answer is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErasedParticipantError } from '../../server/store/index.ts';
import type { OperationCall } from '../store/wrapped-database.ts';
import { Client, defaultAnswers, snapshot, startHarness, type Harness, type Page } from './harness.ts';

/** Participants whose next trial write meets an erasure. */
const erasing = new Set<string>();
const hooks = {
  before(c: OperationCall) {
    const id = (c.filter as { participantId?: string }).participantId;
    if (c.collection === 'trials' && c.operation === 'insertOne' && id && erasing.has(id)) throw new ErasedParticipantError(id);
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['aide-exceptionnelle', 'signaux-faibles'], { hooks });
});
afterAll(async () => h?.close());

const isDecision = (p: Page) => p.at !== null && p.at.startsWith('trials:') && 'decision' in p.radios;

describe('an answer that meets the start of an erasure', () => {
  it.each([
    ['aide-exceptionnelle', 'fr-FR,fr;q=0.9', /Participation effacée[\s\S]*en cours d'effacement/],
    ['signaux-faibles', 'en-GB,en;q=0.9', /Participation erased[\s\S]*is being erased/],
  ] as const)('(%s, %s) gets the page saying the participation is erased (410), and nothing is kept', async (study, language, message) => {
    const c = new Client(h, language);
    let page = await c.join(study);
    for (let guard = 0; !isDecision(page); guard++) {
      if (guard > 100 || page.at === null) throw new Error('no decision page');
      h.clock.advance(4000);
      page = await c.answer(page, defaultAnswers(page));
    }
    const before = await snapshot(h.store, study, c.participantId);
    erasing.add(c.participantId);
    h.clock.advance(4000);
    const res = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page) });
    erasing.delete(c.participantId);
    expect(res.status).toBe(410);
    expect(res.html.replace(/&#39;/g, "'")).toMatch(message);
    expect(res.html).not.toMatch(/server error|erreur du serveur|ErasedParticipantError|at .*\.ts:/i);
    const after = await snapshot(h.store, study, c.participantId);
    expect(after.trials).toEqual(before.trials);
    expect(after.participant?.step).toBe(before.participant?.step);
  });
});
