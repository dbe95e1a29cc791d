/**
 * Fuzzing of every participant route: at least 500 generated bad requests each (wrong types, missing and extra
 * fields, `$` operators, huge strings and bodies, wrong CSRF, wrong participant, replayed and out-of-order answers),
 * sent to the real app on a temporary embedded store. No answer may be a 5xx, no request may change the stored data
 * (an exact replay is accepted and must not store a duplicate), and afterwards a normal participant still completes
 * the study.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoute, describeFindings, type FuzzReport } from './runner.ts';
import { loadWelcomeForms, participantRoutes } from './participant-routes.ts';
import { StoreTracker } from './store-state.ts';
import { cooperativeAnswers, readForm, startWorld, type World } from './world.ts';

const REQUESTS_PER_ROUTE = 500;

let world: World;
let tracker: StoreTracker;
const reports: FuzzReport[] = [];

beforeAll(async () => {
  world = await startWorld(['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle']);
  const at = (key: string) => (page: { at: string | null }) => page.at === key;
  await world.participant('consent', 'signaux-faibles', at('consent:0'));
  await world.participant('labelled', 'signaux-faibles', at('consent:0'), 'agent-007');
  await world.participant('questionnaire-before', 'signaux-faibles', at('questionnaires:0'));
  await world.participant('instructions', 'signaux-faibles', at('instructions:0'));
  await world.participant('practice', 'signaux-faibles', at('practice:0'));
  await world.participant('feedback', 'signaux-faibles', at('practice:2'));
  await world.participant('trial-initial', 'signaux-faibles', at('trials:2'));
  await world.participant('trial-final', 'signaux-faibles', at('trials:3'));
  await world.participant('questionnaire-after', 'signaux-faibles', at('questionnaires:1'));
  await world.participant('completed', 'signaux-faibles', () => false);
  await world.participant('numeric-trial', 'risque-inondation', at('trials:1'));
  await world.participant('categorical-trial', 'aide-exceptionnelle', at('trials:1'));

  const withdrawn = await world.participant('withdrawn', 'signaux-faibles', at('trials:1'));
  const token = withdrawn.page.hidden.find(([k]) => k === '_csrf')?.[1] ?? '';
  expect((await withdrawn.browser.post(`/p/${withdrawn.id}/withdraw`, [['_csrf', token]])).status).toBe(303);
  withdrawn.page = readForm(await withdrawn.browser.get(`/p/${withdrawn.id}`));
  const declined = await world.participant('declined', 'signaux-faibles', at('consent:0'));
  const declineFields: [string, string][] = [...declined.page.hidden, ['choice', 'decline']];
  expect((await declined.browser.post(`/p/${declined.id}`, declineFields)).status).toBe(303);
  declined.answered.push({ at: 'consent:0', fields: declineFields });
  declined.page = readForm(await declined.browser.get(`/p/${declined.id}`));

  await world.visitAll();
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
      reports.push(report);
      expect(report.sent).toBeGreaterThanOrEqual(REQUESTS_PER_ROUTE);
      expect(describeFindings(report)).toEqual([]);
      // The routes are exercised, not merely answered 404: most requests reach validation and are refused there.
      const refused = Object.entries(report.statuses).filter(([s]) => Number(s) >= 400).reduce((n, [, c]) => n + c, 0);
      if (route.name.startsWith('POST')) expect(refused).toBeGreaterThan(REQUESTS_PER_ROUTE * 0.8);
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
    // 2 practice trials x 2 phases + 20 trials x 2 phases + 1 attention case without advice (one phase).
    expect(trials).toHaveLength(45);
    expect(p.answered.length).toBe(1 + 1 + 1 + 6 + 41 + 1);
    expect(cooperativeAnswers(p.page)).toEqual([]);
    // The fuzzing left the other participants as they were.
    expect((await world.store.getParticipant(world.participants.get('consent')!.id))?.step).toBe('consent');
  });
});
