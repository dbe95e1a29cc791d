/** Security helpers of the participant side: join rate limit, label hashing, serving-time stamps, ids, home page. */
import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { hashLabel, isParticipantId, joinRateLimit, newParticipantId, readServedAt, stampServedAt } from '../../server/security/index.ts';

describe('join rate limit', () => {
  it('refuses joins beyond the limit from one address with 429', async () => {
    const app = express();
    app.post('/e/x', joinRateLimit({ limit: 2, windowMs: 60_000 }), (_req, res) => res.status(303).end());
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(app).post('/e/x')).status);
    expect(statuses).toEqual([303, 303, 429]);
  });
});

describe('label hash', () => {
  it('is keyed by the secret and the experiment, and ignores surrounding spaces', () => {
    const a = hashLabel('s'.repeat(32), 'study-a', 'AGENT-1');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLabel('s'.repeat(32), 'study-a', ' AGENT-1 ')).toBe(a);
    expect(hashLabel('s'.repeat(32), 'study-b', 'AGENT-1')).not.toBe(a);
    expect(hashLabel('t'.repeat(32), 'study-a', 'AGENT-1')).not.toBe(a);
  });
});

describe('serving-time stamp', () => {
  const secret = 'x'.repeat(32);
  const at = new Date('2026-03-02T09:00:00.000Z');
  it('gives back the serving time for the page it was issued for', () => {
    const stamp = stampServedAt(secret, 'pid', 'trials:3', at);
    expect(readServedAt(secret, 'pid', 'trials:3', stamp)).toBe(at.getTime());
  });
  it('refuses a stamp moved to another page or participant, or altered', () => {
    const stamp = stampServedAt(secret, 'pid', 'trials:3', at);
    expect(readServedAt(secret, 'pid', 'trials:4', stamp)).toBeNull();
    expect(readServedAt(secret, 'other', 'trials:3', stamp)).toBeNull();
    expect(readServedAt(secret, 'pid', 'trials:3', stamp.replace(/^\d/, '9'))).toBeNull();
    expect(readServedAt(secret, 'pid', 'trials:3', 'garbage')).toBeNull();
  });
});

describe('participant ids', () => {
  it('are 128-bit base64url and pass the shape check; other shapes do not', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newParticipantId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isParticipantId(id)).toBe(true);
    }
    for (const bad of ['', 'short', '$ne', 'a'.repeat(65), '../../etc/passwd']) expect(isParticipantId(bad)).toBe(false);
  });
});
