import { UnsafeInputError } from './errors.ts';

/**
 * Defence in depth against operator injection: every document the repository writes, and every value it puts in a
 * filter, goes through here. Keys and strings starting with `$` are refused, and only plain data is accepted
 * (objects, arrays, strings, finite numbers, booleans, null, Dates).
 */
export function assertSafeDocument(value: unknown, path = 'document'): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (value.startsWith('$')) throw new UnsafeInputError(path, 'string values starting with "$" are refused');
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsafeInputError(path, 'numbers must be finite');
    return;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UnsafeInputError(path, 'invalid date');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeDocument(item, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$')) throw new UnsafeInputError(`${path}.${key}`, 'keys starting with "$" are refused');
      if (key.includes('.')) throw new UnsafeInputError(`${path}.${key}`, 'keys containing "." are refused');
      if (item !== undefined) assertSafeDocument(item, `${path}.${key}`);
    }
    return;
  }
  throw new UnsafeInputError(path, `unsupported value of type ${typeof value}`);
}

/** A value used as an equality in a filter must be a plain string: an object here could smuggle an operator. */
export function safeString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new UnsafeInputError(name, 'expected a string');
  if (value.startsWith('$')) throw new UnsafeInputError(name, 'strings starting with "$" are refused');
  return value;
}

export function safeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new UnsafeInputError(name, 'expected an integer');
  return value;
}

export function safeDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new UnsafeInputError(name, 'expected a valid Date');
  return value;
}

/** Removes undefined fields at any depth: MongoDB would store them as null, nedb would drop them; drivers must agree. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutUndefined(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}
