import { expect } from 'vitest';

/**
 * Walks `expected` key by key and checks `actual` has the same value: numbers within a relative tolerance (absolute
 * 1e-12 near zero), everything else equal. Keys present only in `actual` (e.g. the bootstrap intervals, which the
 * reference script cannot reproduce) are not checked here. Returns the number of numbers compared.
 */
export function expectMatchesReference(actual: unknown, expected: unknown, relative = 1e-6, path = '$'): number {
  if (typeof expected === 'number') {
    expect(typeof actual, `${path} should be a number`).toBe('number');
    const a = actual as number;
    const tolerance = Math.max(relative * Math.abs(expected), 1e-12);
    if (!(Math.abs(a - expected) <= tolerance)) expect.fail(`${path}: ${a} differs from the reference ${expected}`);
    return 1;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toEqual(expected);
    return 0;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} should be an array`).toBe(true);
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length);
    return expected.reduce<number>((n, e, i) => n + expectMatchesReference((actual as unknown[])[i], e, relative, `${path}[${i}]`), 0);
  }
  expect(actual !== null && typeof actual === 'object', `${path} should be an object`).toBe(true);
  let compared = 0;
  for (const [key, value] of Object.entries(expected)) {
    expect(Object.hasOwn(actual as object, key), `${path}.${key} is missing`).toBe(true);
    compared += expectMatchesReference((actual as Record<string, unknown>)[key], value, relative, `${path}.${key}`);
  }
  return compared;
}
