import { expect } from 'vitest';

/**
 * Asserts |actual - expected| <= rel * |expected| (or exact equality when expected is 0 or null).
 * Reference values come from test/stats/fixtures/reference.json, produced by make_reference.py.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, rel: number, label = ''): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(typeof actual, label).toBe('number');
  const a = actual as number;
  if (expected === 0) {
    expect(a, label).toBe(0);
    return;
  }
  const error = Math.abs(a - expected) / Math.abs(expected);
  expect(error, `${label}: got ${a}, expected ${expected}`).toBeLessThanOrEqual(rel);
}

export function expectPairClose(actual: readonly number[] | null, expected: readonly number[] | null, rel: number, label = ''): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect((actual as readonly number[]).length).toBe(expected.length);
  expected.forEach((e, i) => expectClose((actual as readonly number[])[i], e, rel, `${label}[${i}]`));
}
