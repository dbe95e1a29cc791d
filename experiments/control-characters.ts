/**
 * Invisible characters that have no place in an experiment file or a case bank: C0 and C1 control characters
 * (a NUL byte in a title, a bell, an escape sequence) and a byte-order mark anywhere but at the very start of the
 * file (a second file pasted into the first). Tab, line feed and carriage return are text and stay allowed.
 * Such a character would reach every participant page and every export unseen, so it is reported with its place.
 */
import type { PathSegment, Problem } from './problems.ts';

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/;

/** `a control character (U+0000)` or `a byte-order mark (U+FEFF)` for the first forbidden character, else null. */
export function forbiddenCharacterIn(text: string): string | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = code === 0xfeff ? `a byte-order mark (${hex})` : `a control character (${hex})`;
  return `${what} at character ${m.index + 1}`;
}

/** One problem per key or string value of a parsed file that holds a forbidden character, with its field path. */
export function forbiddenCharacterProblems(value: unknown, path: PathSegment[] = []): Problem[] {
  if (typeof value === 'string') {
    const found = forbiddenCharacterIn(value);
    return found ? [{ path, message: `contains ${found}: remove it (it would be invisible on the pages and in exports)` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenCharacterProblems(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const inKey = forbiddenCharacterIn(k);
      if (inKey) return [{ path: [...path, k], atKey: true, message: `the key contains ${inKey}: remove it` }];
      return forbiddenCharacterProblems(v, [...path, k]);
    });
  }
  return [];
}

/** Line and column of the first forbidden character of a text (in a comment, say), or null. */
export function firstForbiddenCharacterAt(text: string): { line: number; col: number; what: string } | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  const col = m.index - before.lastIndexOf('\n');
  return { line, col, what: forbiddenCharacterIn(m[0])?.replace(/ at character 1$/, '') ?? 'a control character' };
}
