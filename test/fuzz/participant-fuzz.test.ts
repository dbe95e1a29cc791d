/**
 * Fuzzing of every participant route: at least 500 generated bad requests each (wrong types, missing and extra
 * fields, `$` operators, huge strings and bodies, wrong CSRF, wrong participant, replayed and out-of-order answers),
 * sent to the real app on a temporary embedded store. No answer may be a 5xx, no request may change the stored data
 * (an exact replay is accepted and must not store a duplicate), and afterwards a normal participant still completes
 * the study.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoute, describeFindings } from './runner.ts';
import { loadWelcomeForms, participantRoutes } from './participant-routes.ts';
import { StoreTracker } from './store-state.ts';
import { populate, populateLastWord } from './population.ts';
import { cooperativeAnswers, startWorld, type World } from './world.ts';

const REQUESTS_PER_ROUTE = 500;

let world: World;
let tracker: StoreTracker;

beforeAll(async () => {
  world = await startWorld(['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle', 'controle-sanitaire']);
  // Before populate, which ends by visiting every participant at one instant (so that only real changes show).
  await populateLastWord(world);
  await populate(world);
  await loadWelcomeForms(world, 'signaux-faibles');
  tracker = await StoreTracker.start(world.dataDir);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('participant routes under fuzzing', () => {
  for (const route of participantRoutes()) {
    it(`${route.name}: ${REQUESTS_PER_ROUTE} bad requests, no 5xx, nothing stored`, async () => {
      const report = await fuzzRoute(world, tracker, route, REQUESTS_PER_ROUTE);
      expect(report.sent).toBeGreaterThanOrEqual(REQUESTS_PER_ROUTE);
      expect(describeFindings(report)).toEqual([]);
      // The routes are exercised, not merely answered 404: most requests reach validation and are refused there.
      const refused = Object.entries(report.statuses).filter(([s]) => Number(s) >= 400).reduce((n, [, c]) => n + c, 0);
      if (route.name.startsWith('POST')) expect(refused, JSON.stringify(report.statuses)).toBeGreaterThan(REQUESTS_PER_ROUTE * 0.8);
    }, 60_000);
  }

  it('still serves a normal participant from the link to the debrief afterwards', async () => {
    const p = await world.participant('after-fuzzing', 'signaux-faibles', () => false);
    expect(p.page.status).toBe(200);
    expect(p.page.html).toContain('SIGNAUX-2024');
    const doc = await world.store.getParticipant(p.id);
    expect(doc?.status).toBe('completed');
    const trials = [];
    for await (const t of world.store.trials('signaux-faibles', { participantId: p.id })) trials.push(t);
    // One stored record per decision page answered (each carries a served stamp), none lost, none doubled.
    const decisionPages = p.answered.filter((a) => a.fields.some(([k]) => k === 'served'));
    expect(decisionPages.length).toBeGreaterThan(20);
    expect(trials).toHaveLength(decisionPages.length);
    expect(cooperativeAnswers(p.page)).toEqual([]);
    // The fuzzing left the other participants as they were.
    expect((await world.store.getParticipant(world.participants.get('consent')!.id))?.step).toBe('consent');
  });
});
