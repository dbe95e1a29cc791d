/**
 * A page view keeps an in-progress participant from going stale, but is stored only when the stored activity is older
 * than a tenth of the study's stale timeout, at most a minute (signaux-faibles: 60 minutes, so one minute).
 */
import { describe, expect, it } from 'vitest';
import { Client, defaultAnswers, harnessFor } from './harness.ts';

const STUDY = 'signaux-faibles';
const harness = harnessFor([STUDY]);

const lastActivity = async (c: Client) => (await harness().store.getParticipant(c.participantId))?.lastActivityAt.getTime();

describe('last activity of a participant', () => {
  it('is not rewritten by a page view less than a minute after the last stored activity', async () => {
    const c = new Client(harness());
    await c.join(STUDY);
    const joinedAt = harness().clock.now.getTime();
    expect(await lastActivity(c)).toBe(joinedAt);
    harness().clock.advance(59_000);
    expect((await c.current()).status).toBe(200);
    expect(await lastActivity(c)).toBe(joinedAt);
  });

  it('is stored by a page view a minute or more after the last stored activity', async () => {
    const c = new Client(harness());
    await c.join(STUDY);
    harness().clock.advance(60_000);
    await c.current();
    expect(await lastActivity(c)).toBe(harness().clock.now.getTime());
  });

  it('is stored by every accepted answer, however soon', async () => {
    const c = new Client(harness());
    const consent = await c.join(STUDY);
    harness().clock.advance(2_000);
    await c.answer(consent, defaultAnswers(consent));
    expect(await lastActivity(c)).toBe(harness().clock.now.getTime());
  });
});
