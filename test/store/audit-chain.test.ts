import { describe, expect, it } from 'vitest';
import { brokenLink, contentHash, eventHash, GENESIS_HASH } from '../../server/store/audit-chain.ts';
import { canonicalJson } from '../../server/store/canonical-json.ts';
import type { EventRecord } from '../../server/store/index.ts';

/**
 * The chain must be checkable without Confiance. Reference values computed independently with Python 3:
 *   import hashlib, json
 *   canon = lambda v: json.dumps(v, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
 *   content = hashlib.sha256(canon({'participantId': 'p1', 'data': {'b': 2, 'a': 'é'}}).encode()).hexdigest()
 *   ev = {'experimentId': 'signaux-faibles', 'seq': 1, 'type': 'participant_joined',
 *         'at': '2026-03-01T09:00:00.000Z', 'contentHash': content}
 *   hashlib.sha256((canon(ev) + '0' * 64).encode()).hexdigest()
 */
const CONTENT = 'fd9d1d8af5f0e715d94f2179975274e6dc052730da3a007fd996674e864e3f3b';
const HASH = '295758bf75e33b4e0a1db29df957f3c673a8fffd087de71d6a3815853279c762';

const event: EventRecord = {
  experimentId: 'signaux-faibles',
  seq: 1,
  type: 'participant_joined',
  at: new Date('2026-03-01T09:00:00.000Z'),
  participantId: 'p1',
  data: { b: 2, a: 'é' },
  contentHash: CONTENT,
  prevHash: GENESIS_HASH,
  hash: HASH,
};

describe('audit hash chain', () => {
  it('writes canonical JSON: sorted keys, no spaces, dates in ISO, undefined fields left out', () => {
    expect(canonicalJson({ participantId: 'p1', data: { b: 2, a: 'é' } })).toBe('{"data":{"a":"é","b":2},"participantId":"p1"}');
    expect(canonicalJson({ z: undefined, at: new Date('2026-03-01T09:00:00.000Z'), n: [1, null] })).toBe(
      '{"at":"2026-03-01T09:00:00.000Z","n":[1,null]}',
    );
  });

  it('hashes content and event exactly as the documented recipe (Python reference)', () => {
    expect(contentHash('p1', { b: 2, a: 'é' })).toBe(CONTENT);
    expect(eventHash(event)).toBe(HASH);
  });

  it('accepts an intact event and names what is wrong with a broken one', () => {
    expect(brokenLink(event, 1, GENESIS_HASH)).toBeNull();
    expect(brokenLink(event, 2, GENESIS_HASH)).toMatch(/expected seq 2/);
    expect(brokenLink(event, 1, 'f'.repeat(64))).toMatch(/prevHash/);
    expect(brokenLink({ ...event, data: { b: 3, a: 'é' } }, 1, GENESIS_HASH)).toMatch(/modified/);
    expect(brokenLink({ ...event, at: new Date('2026-03-01T09:00:01.000Z') }, 1, GENESIS_HASH)).toMatch(/hash does not match/);
  });

  it('still verifies a redacted event (participant and data removed by an erasure), but not one that kept data', () => {
    const { participantId, data, ...rest } = event;
    void participantId;
    void data;
    expect(brokenLink({ ...rest, redacted: true }, 1, GENESIS_HASH)).toBeNull();
    expect(brokenLink({ ...event, redacted: true }, 1, GENESIS_HASH)).toMatch(/redacted event carries data/);
  });
});
