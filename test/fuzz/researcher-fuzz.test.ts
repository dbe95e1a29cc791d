/**
 * Fuzzing of every researcher route, dashboard pages and JSON API: at least 500 generated requests each, without the
 * token, with wrong or malformed credentials, and with the right ones but an unknown study, a bad body, a participant
 * who cannot be withdrawn or a wrong erasure confirmation. No answer may be a 5xx, no request may change the stored
 * data, the audit chains still verify, and a normal participant still completes the study afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populate } from './population.ts';
import { researcherRoutes } from './researcher-routes.ts';
import { describeFindings, fuzzRoute } from './runner.ts';
import { StoreTracker } from './store-state.ts';
import { startWorld, type World } from './world.ts';

const REQUESTS_PER_ROUTE = 500;
const STUDIES = ['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle'];

let world: World;
let tracker: StoreTracker;

beforeAll(async () => {
  world = await startWorld(STUDIES);
  await populate(world);
  tracker = await StoreTracker.start(world.dataDir);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('researcher routes under fuzzing', () => {
  for (const route of researcherRoutes()) {
    it(`${route.name}: ${REQUESTS_PER_ROUTE} generated requests, no 5xx, nothing stored`, async () => {
      const report = await fuzzRoute(world, tracker, route, REQUESTS_PER_ROUTE);
      expect(report.sent).toBeGreaterThanOrEqual(REQUESTS_PER_ROUTE);
      expect(describeFindings(report)).toEqual([]);
      // Both sides of the door are exercised: refusals, and requests that got through authentication.
      const statuses = Object.keys(report.statuses).map(Number);
      expect(statuses.some((s) => s === 401 || s === 403)).toBe(true);
      expect(statuses.some((s) => s !== 401 && s !== 403 && s !== 429)).toBe(true);
    }, 60_000);
  }

  it('leaves every audit chain valid and still serves a normal participant afterwards', async () => {
    for (const id of STUDIES) expect((await world.store.verifyChain(id)).ok).toBe(true);
    const p = await world.participant('after-fuzzing', 'signaux-faibles', () => false);
    expect(p.page.status).toBe(200);
    expect(p.page.html).toContain('SIGNAUX-2024');
    expect((await world.store.getParticipant(p.id))?.status).toBe('completed');
  });
});
