/**
 * An invitation request larger than the places left in a study that closes when full was refused with a 400 after
 * creating participants up to the limit: a rejected request that changed the stored data (and whose links the
 * researcher never received). It is now refused before anything is created; a request that fits still works.
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

const invite = (body: unknown) =>
  world.http.send({
    method: 'POST',
    path: '/api/experiments/signaux-faibles/invitations',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' },
    body: JSON.stringify(body),
  });

describe('invitations beyond the places left (signaux-faibles: 4 conditions x 30, closes when full)', () => {
  it('refuses 121 invitations with a 400 and creates no participant', async () => {
    const res = await invite({ count: 121 });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/120 places left/);
    expect(await tracker.changes()).toEqual([]);
  });

  it('refuses labels beyond the places left, counting only labels without a participant yet', async () => {
    const res = await invite({ labels: Array.from({ length: 121 }, (_, i) => `agent-${i}`) });
    expect(res.status).toBe(400);
    expect(await tracker.changes()).toEqual([]);
  });

  it('creates exactly the places left, then refuses one more', async () => {
    const filled = await invite({ count: 120 });
    expect(filled.status).toBe(201);
    expect(JSON.parse(filled.text).invitations).toHaveLength(120);
    await tracker.changes();
    const more = await invite({ count: 1 });
    expect(more.status).toBe(400);
    expect(JSON.parse(more.text).error).toMatch(/0 places left/);
    expect(await tracker.changes()).toEqual([]);
  });
});
