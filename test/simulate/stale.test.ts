/**
 * Stale sessions, with the app's injectable clock instead of waiting: a participant idle past the study's
 * `stale_after_minutes` no longer holds their assignment slot (the next joiner gets their condition), and coming back
 * later they still resume on the page where they were and can complete.
 *
 * Study (fixtures/studies/sim-stale): two conditions of one place each, closed when full, stale after 5 minutes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserClient } from '../../server/simulate/browser-client.ts';
import { readFlowPage, type FlowPage } from '../../server/simulate/flow-page.ts';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';

const MINUTE = 60_000;
let server: InProcessServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

function participantClient(s: InProcessServer, address: string) {
  return new BrowserClient({ target: { url: s.url }, acceptLanguage: 'fr-FR', forwardedFor: address });
}

/** Opens the study link and presses start: the participant id, or the page shown instead (e.g. study full). */
async function join(client: BrowserClient): Promise<{ id: string } | { page: FlowPage; status: number }> {
  const welcome = readFlowPage((await client.open('/e/sim-stale?lang=fr')).html);
  if (welcome.kind !== 'welcome') throw new Error(`welcome page expected, got ${welcome.kind}`);
  const res = await client.post(welcome.form.action, welcome.form.hidden);
  if (res.status === 303 && res.location?.startsWith('/p/')) return { id: res.location.slice(3) };
  return { page: readFlowPage(res.html), status: res.status };
}

/** Answers the current page the simplest way (accept, first option); returns the page answered. */
async function answerCurrent(client: BrowserClient, id: string): Promise<FlowPage> {
  const page = readFlowPage((await client.open(`/p/${id}`)).html);
  if (page.kind === 'debrief' || page.kind === 'message' || page.kind === 'welcome') return page;
  const fields: Record<string, string> = { ...page.form.hidden };
  if (page.kind === 'consent') fields.choice = 'accept';
  if (page.kind === 'trial') fields.decision = page.trial.options![0].value;
  if (page.kind === 'questionnaire') for (const item of page.items) fields[item.name] = item.values[0];
  const res = await client.post(page.form.action, fields);
  if (res.status !== 303) throw new Error(`answer to ${page.form.hidden.at}: ${res.status}`);
  return page;
}

async function currentAt(client: BrowserClient, id: string): Promise<string | null> {
  const page = readFlowPage((await client.open(`/p/${id}`)).html);
  return 'form' in page ? page.form.hidden.at : null;
}

describe('stale sessions', () => {
  it('an idle participant releases their slot to the next joiner, and coming back still resumes', async () => {
    let now = new Date('2026-03-02T09:00:00.000Z');
    const advance = (ms: number) => (now = new Date(now.getTime() + ms));
    server = await startInProcess({ experimentId: 'sim-stale', experimentsDir: 'test/simulate/fixtures/studies', now: () => now });
    const store = server.store;
    const a = participantClient(server, '10.0.0.1');
    const b = participantClient(server, '10.0.0.2');
    const c = participantClient(server, '10.0.0.3');

    const joinedA = await join(a);
    if (!('id' in joinedA)) throw new Error('A could not join');
    for (let i = 0; i < 3; i++) await answerCurrent(a, joinedA.id); // consent, instructions, first decision
    const whereA = await currentAt(a, joinedA.id);
    expect(whereA).toBe('trials:1');
    const conditionA = (await store.getParticipant(joinedA.id))!.condition;

    advance(1 * MINUTE);
    const joinedB = await join(b);
    if (!('id' in joinedB)) throw new Error('B could not join');
    expect((await store.getParticipant(joinedB.id))!.condition).not.toBe(conditionA);

    // Both places are held: C is turned away while A is only 4 minutes idle (B keeps going).
    advance(3 * MINUTE);
    await answerCurrent(b, joinedB.id);
    const refused = await join(c);
    expect('status' in refused && refused.status).toBe(409);

    // A is now 6 minutes idle (> 5), B 2 minutes: A's place goes to C.
    advance(2 * MINUTE);
    const joinedC = await join(c);
    if (!('id' in joinedC)) throw new Error(`C could not join after A went stale`);
    expect((await store.getParticipant(joinedC.id))!.condition).toBe(conditionA);

    // A comes back an hour later: same page, same condition, and can finish.
    advance(60 * MINUTE);
    expect(await currentAt(a, joinedA.id)).toBe(whereA);
    let last: FlowPage | null = null;
    for (let guard = 0; guard < 20 && last?.kind !== 'debrief'; guard++) last = await answerCurrent(a, joinedA.id);
    expect(last?.kind).toBe('debrief');
    const finalA = (await store.getParticipant(joinedA.id))!;
    expect(finalA.status).toBe('completed');
    expect(finalA.condition).toBe(conditionA);
    const trials = [];
    for await (const t of store.trials('sim-stale', { participantId: joinedA.id })) trials.push(t);
    expect(trials).toHaveLength(6);
  }, 60_000);
});
