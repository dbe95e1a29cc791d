import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { parseCookies } from '../../server/security/cookies.ts';

const WANTED = new Set(['confiance_sid', 'confiance_csrf', 'confiance_researcher']);

/** What cookie-parser (no secret) gives for the wanted names. */
function reference(header: string | undefined): Record<string, unknown> {
  const req = { headers: header === undefined ? {} : { cookie: header } } as unknown as Request;
  cookieParser()(req, {} as Response, () => undefined);
  const all = req.cookies as Record<string, unknown>;
  return Object.fromEntries(Object.entries(all).filter(([name]) => WANTED.has(name)));
}

const HEADERS: (string | undefined)[] = [
  undefined,
  '',
  'x',
  'confiance_sid=AbCdEfGhIjKlMnOpQrStUv; confiance_csrf=abc.def',
  'confiance_sid=first; confiance_sid=second',
  '  confiance_sid  =  spaced\t; \tconfiance_csrf=\ttabbed ',
  'confiance_csrf="quoted"; confiance_sid="',
  'confiance_csrf=%E2%82%AC%20ok; confiance_sid=%E0%A4%A',
  'other=1; confiance_researcher=v1.2.abc; third=3',
  'noequals; confiance_sid=after; broken;=; confiance_csrf=a=b=c',
  'confiance_sid=; confiance_csrf',
  '__proto__=x; constructor=y; confiance_sid=z',
];

describe('requestCookies: the wanted cookies, as cookie-parser reads them', () => {
  it.each(HEADERS.map((h) => [JSON.stringify(h), h]))('Cookie: %s', (_name, header) => {
    expect({ ...parseCookies(header, WANTED) }).toEqual(reference(header));
  });

  it('gives a JSON-looking cookie as the string it is (cookie-parser would build an object from "j:")', () => {
    const cookies = parseCookies('confiance_sid=j:{"a":1}', WANTED);
    expect(cookies.confiance_sid).toBe('j:{"a":1}');
    expect(typeof reference('confiance_sid=j:{"a":1}').confiance_sid).toBe('object');
  });

  it('reads no other cookie and builds no prototype from a name', () => {
    const cookies = parseCookies('other=1; __proto__=2; confiance_sid=3', WANTED);
    expect(Object.keys(cookies)).toEqual(['confiance_sid']);
    expect(Object.getPrototypeOf(cookies)).toBeNull();
  });
});
