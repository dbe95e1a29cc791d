/**
 * Requests the fuzzer found answered with a 500 by the researcher routes (fixed in server/researcher/api/errors.ts
 * and pages/render.ts): a path segment that is not valid percent-encoding, and an id starting with `$`, which the
 * store refuses. Each is now a 4xx that says what was wrong, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreTracker } from './store-state.ts';
import { startWorld, TOKEN, type World } from './world.ts';

let world: World;
let tracker: StoreTracker;
beforeAll(async () => {
  world = await startWorld(['signaux-faibles']);
  tracker = await StoreTracker.start(world.dataDir);
});
afterAll(async () => {
  await world?.close();
});

const bearer = { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '192.0.2.1' };

describe('researcher API', () => {
  it.each([
    ['/api/experiments/%ZZ', 400],
    ['/api/experiments/%', 400],
    ['/api/experiments/signaux-faibles/export/%', 400],
    ['/api/participants/%C0%AE%C0%AE', 400],
    ['/api/experiments/$where', 404],
    ['/api/experiments/$where/monitoring', 404],
    ['/api/participants/$where', 404],
  ])('GET %s answers %i in JSON', async (path, status) => {
    const res = await world.http.send({ method: 'GET', path, headers: bearer });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toHaveProperty('error');
  });

  it.each([
    ['/api/participants/$where/withdraw', 404],
    ['/api/participants/%ZZ/erase', 400],
  ])('POST %s answers %i and stores nothing', async (path, status) => {
    const res = await world.http.send({ method: 'POST', path, headers: { ...bearer, 'content-type': 'application/json' }, body: '{"confirm":"$where"}' });
    expect(res.status).toBe(status);
    expect(await tracker.changes()).toEqual([]);
  });
});

describe('researcher dashboard', () => {
  it.each([
    ['/admin/participants/$where', 404],
    ['/admin/experiments/$where', 404],
    ['/admin/experiments/%ZZ/invitations.csv', 400],
    ['/admin/experiments/signaux-faibles/export/%', 400],
  ])('GET %s answers %i with a page', async (path, status) => {
    const res = await world.http.send({ method: 'GET', path, headers: { cookie: world.researcher.jar.header(), 'x-forwarded-for': '192.0.2.2' } });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('refuses an erasure of a `$` id with a 404 page and stores nothing', async () => {
    const res = await world.http.send({
      method: 'POST',
      path: '/admin/participants/$where/erase',
      headers: { cookie: world.researcher.jar.header(), 'x-forwarded-for': '192.0.2.3', 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(world.researcherCsrf)}&confirm=%24where`,
    });
    expect(res.status).toBe(404);
    expect(await tracker.changes()).toEqual([]);
  });
});

describe('dashboard erasure without a form body', () => {
  it('answers 400 (no confirmation), not 500, when the CSRF token comes in a header with a JSON body', async () => {
    const p = await world.participant('to-keep', 'signaux-faibles', (page) => page.at === 'consent:0');
    await tracker.changes();
    const res = await world.http.send({
      method: 'POST',
      path: `/admin/participants/${p.id}/erase`,
      headers: {
        cookie: world.researcher.jar.header(),
        'x-csrf-token': world.researcherCsrf,
        'content-type': 'application/json',
        'x-forwarded-for': '192.0.2.4',
      },
      body: JSON.stringify({ confirm: p.id }),
    });
    expect(res.status).toBe(400);
    expect(await tracker.changes()).toEqual([]);
    expect(await world.store.getParticipant(p.id)).not.toBeNull();
  });
});
