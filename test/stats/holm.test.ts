import { describe, expect, it } from 'vitest';
import { holm } from '../../analysis/stats/holm.ts';
import { reference } from './reference.ts';

interface HolmCase {
  p: (number | null)[];
  expected: (number | null)[];
  r?: (number | null)[];
}

describe('holm matches R p.adjust(p, "holm")', () => {
  for (const c of reference.holm as HolmCase[])
    it(`[${c.p.join(', ')}] -> [${(c.r ?? c.expected).join(', ')}]`, () => {
      const got = holm(c.p);
      const expected = c.r ?? c.expected;
      expect(got).toHaveLength(expected.length);
      got.forEach((value, i) => {
        if (expected[i] === null) expect(value).toBeNull();
        else expect(Math.abs((value as number) - (expected[i] as number))).toBeLessThanOrEqual(1e-15 * Math.max(1e-300, expected[i] as number) + 1e-17);
      });
    });
  it('keeps the input order and leaves nulls in place, not counting them', () =>
    expect(holm([0.04, null, 0.01])).toEqual([0.04, null, 0.02]));
  it('never exceeds 1', () => expect(holm([0.6, 0.7])).toEqual([1, 1]));
});
