import { nedbModel } from './nedb.ts';

/**
 * One document as one line of the embedded store's files: exactly nedb's `model.serialize` (dates as
 * `{"$$date": ms}`; a field name beginning with `$`, other than nedb's own, or containing a `.`, refused with nedb's
 * message), computed faster: nedb passes a replacer to JSON.stringify, a call from the engine into JavaScript for
 * every field, which was 2 to 3 % of a submission's server time (every answer writes a trial and a participant line).
 * Here the document is checked and its dates replaced in JavaScript (copying only the objects that hold a date), then
 * JSON.stringify runs without a replacer. A value with a `toJSON` of its own other than a date's, which nedb's
 * replacer would see after its conversion, is left to nedb's serialize.
 */
export function serializeDoc(doc: object): string {
  const ready = jsonReady(doc);
  return ready === UNUSUAL ? nedbModel.serialize(doc) : JSON.stringify(ready);
}

/** A value this module leaves to nedb (see serializeDoc). */
const UNUSUAL = Symbol('unusual');

/** `value` with its dates as {$$date}, or itself when it holds none; its field names checked as nedb does. */
function jsonReady(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown> & { getTime?: unknown; toJSON?: unknown };
  if (typeof object.getTime === 'function') {
    // nedb's replacer sees a date after its toJSON: an invalid date is null; a valid one becomes {$$date}.
    if (value instanceof Date && object.toJSON === Date.prototype.toJSON) return Number.isFinite(value.getTime()) ? { $$date: value.getTime() } : null;
    return UNUSUAL;
  }
  if (typeof object.toJSON === 'function') return UNUSUAL;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const ready = jsonReady(item);
      if (ready === UNUSUAL) return UNUSUAL;
      if (ready !== item) (copy ??= value.slice())[i] = ready;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const field = object[key];
    checkKey(key, field);
    const ready = jsonReady(field);
    if (ready === UNUSUAL) return UNUSUAL;
    if (ready !== field) (copy ??= { ...object })[key] = ready;
  }
  return copy ?? object;
}

/** nedb's checkKey (lib/model.js), on the field's value before its conversion (only a date converts, to an object). */
function checkKey(key: string, value: unknown): void {
  if (
    key[0] === '$' &&
    !(key === '$$date' && typeof value === 'number') &&
    !(key === '$$deleted' && value === true) &&
    key !== '$$indexCreated' &&
    key !== '$$indexRemoved'
  ) {
    throw new Error('Field names cannot begin with the $ character');
  }
  if (key.includes('.')) throw new Error('Field names cannot contain a .');
}
