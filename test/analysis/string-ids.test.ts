import { describe, expect, it } from 'vitest';
import { StringIds } from '../../analysis/input/string-ids.ts';

describe('StringIds', () => {
  // Enough strings (and characters) to grow the hash table, the per-id arrays and the code-unit pool several times.
  const values = Array.from({ length: 3000 }, (_, k) => (k % 3 === 0 ? `participant-${k}-été` : k % 3 === 1 ? `c${k}` : `case number ${k} ✓`));
  const line = values.join(',');

  it('gives a slice the id of the equal string, whichever way each was first seen', () => {
    const ids = new StringIds();
    values.slice(0, 1500).forEach((v, k) => expect(ids.idOf(v)).toBe(k));
    let at = 0;
    values.forEach((v, k) => {
      expect(ids.idOfSlice(line, at, at + v.length)).toBe(k);
      at += v.length + 1;
    });
    expect(ids.size).toBe(3000);
    expect(ids.strings).toEqual(values);
    values.forEach((v, k) => expect(ids.idOf(v)).toBe(k));
  });

  it('tells whether an id\'s string occurs at a place of a text, and its length', () => {
    const ids = new StringIds();
    values.forEach((v) => ids.idOf(v));
    let at = 0;
    values.forEach((v, k) => {
      expect(ids.lengthOf(k)).toBe(v.length);
      expect(ids.occursAt(k, line, at)).toBe(true);
      expect(ids.occursAt(k, line, at + 1)).toBe(false);
      at += v.length + 1;
    });
    const other = ids.idOf('participant-0-ete');
    expect(ids.occursAt(other, line, 0)).toBe(false);
    expect(ids.occursAt(ids.idOf('c1'), 'c', 0)).toBe(false);
    expect(ids.idOfSlice('x,participant-0-été', 2, 19)).toBe(0);
  });
});
