import { describe, expect, it } from 'vitest';
import { sortAscending } from '../../analysis/stats/sort-ascending.ts';

describe('sortAscending', () => {
  it('gives what the native sort gives: counting for narrow integers, the native sort for anything else', () => {
    const cases = [
      Float64Array.from({ length: 5000 }, (_, i) => (i * 7919) % 3001),
      Float64Array.from({ length: 5000 }, (_, i) => 40_000 + ((i * 31) % 977)),
      Float64Array.from({ length: 500 }, (_, i) => (i * 7919) % 1_000_003),
      Float64Array.from({ length: 500 }, (_, i) => ((i * 13) % 97) / 4),
      Float64Array.from({ length: 500 }, (_, i) => ((i * 13) % 97) - 50),
      Float64Array.from({ length: 500 }, (_, i) => (i === 7 ? -0 : i === 9 ? Number.NaN : (i * 13) % 97)),
      Float64Array.of(3, 1, 2),
    ];
    for (const values of cases) {
      const expected = Float64Array.from(values).sort();
      const sorted = sortAscending(Float64Array.from(values));
      expect(Array.from(sorted, (v) => (Object.is(v, -0) ? '-0' : v))).toEqual(Array.from(expected, (v) => (Object.is(v, -0) ? '-0' : v)));
    }
  });
});
