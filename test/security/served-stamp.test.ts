import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readServedAt, stampServedAt } from '../../server/security/served-stamp.ts';

const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-é';
const PARTICIPANT = '0123456789abcdef0123456789abcdef';

describe('served stamps', () => {
  it('are <ms>.<HMAC-SHA256 of the secret UTF-8 bytes over "served", participant, position, ms> (base64url)', () => {
    const at = new Date(1_765_000_000_123);
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update(`served\u001f${PARTICIPANT}\u001ftrials:3:initial\u001f1765000000123`)
      .digest('base64url');
    expect(stampServedAt(SECRET, PARTICIPANT, 'trials:3:initial', at)).toBe(`1765000000123.${expected}`);
  });

  it('read back only for the same secret, participant and position', () => {
    const stamp = stampServedAt(SECRET, PARTICIPANT, 'trials:3:initial', new Date(1_765_000_000_123));
    expect(readServedAt(SECRET, PARTICIPANT, 'trials:3:initial', stamp)).toBe(1_765_000_000_123);
    expect(readServedAt(`${SECRET}x`, PARTICIPANT, 'trials:3:initial', stamp)).toBeNull();
    expect(readServedAt(SECRET, PARTICIPANT.replace('0', '1'), 'trials:3:initial', stamp)).toBeNull();
    expect(readServedAt(SECRET, PARTICIPANT, 'trials:4:initial', stamp)).toBeNull();
    expect(readServedAt(SECRET, PARTICIPANT, 'trials:3:initial', stamp.replace('123.', '124.'))).toBeNull();
  });
});
