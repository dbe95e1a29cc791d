import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClearedCookies, RepeatedCookies, setCookieValue } from '../../server/security/set-cookie.ts';

const OPTIONS = { httpOnly: true, sameSite: 'lax' as const, secure: false, maxAge: 90 * 24 * 3600 * 1000 };

/** The Set-Cookie headers of one response of an app whose only route runs `handler`. */
async function setCookies(handler: (res: express.Response) => void): Promise<string[]> {
  const app = express();
  app.get('/', (_req, res) => {
    handler(res);
    res.end();
  });
  const res = await request(app).get('/');
  return (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

afterEach(() => {
  vi.useRealTimers();
});

describe('setCookieValue: what res.cookie appends', () => {
  it.each([
    ['a sealed id, 90 days, a study path', 'confiance_participant', 'r0iuUf2PYSwTtnTq-_x', { ...OPTIONS, path: '/e/signaux-faibles' }],
    ['secure, strict, no max age', 'confiance_sid', 'abc', { httpOnly: true, sameSite: 'strict' as const, secure: true, path: '/' }],
    ['a value to encode, default path', 'c', 'a b;€', {}],
  ])('%s', async (_name, name, value, options) => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T13:26:03.400Z'), toFake: ['Date'] });
    const ours = setCookieValue(name, value, options);
    expect(await setCookies((res) => res.cookie(name, value, options))).toEqual([ours]);
  });

  it('writes Max-Age in seconds and Expires from now plus max age', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T13:26:03.400Z'), toFake: ['Date'] });
    expect(setCookieValue('n', 'v', { maxAge: 2000, path: '/p/x', httpOnly: true, sameSite: 'lax' })).toBe(
      'n=v; Max-Age=2; Path=/p/x; Expires=Sun, 06 Dec 2026 13:26:05 GMT; HttpOnly; SameSite=Lax',
    );
  });
});

describe('RepeatedCookies: the header res.cookie would write, serialized once per second', () => {
  it('gives the same header as res.cookie at every instant, across second boundaries', async () => {
    const cookies = new RepeatedCookies(OPTIONS);
    const start = Date.parse('2026-12-06T13:26:03.000Z');
    for (const offset of [0, 1, 400, 999, 1000, 1001, 2500, 2999, 61_000]) {
      vi.useFakeTimers({ now: start + offset, toFake: ['Date'] });
      const ours = await setCookies((res) => cookies.send(res, 'confiance_participant', 'sealed', '/e/s'));
      const express = await setCookies((res) => res.cookie('confiance_participant', 'sealed', { ...OPTIONS, path: '/e/s' }));
      expect(ours, `at +${offset} ms`).toEqual(express);
      vi.useRealTimers();
    }
  });

  it('keeps one header per value and path, and appends it after the cookies set before', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T13:26:03.000Z'), toFake: ['Date'] });
    const cookies = new RepeatedCookies(OPTIONS);
    const headers = await setCookies((res) => {
      res.cookie('first', '1');
      cookies.send(res, 'confiance_participant', 'one', '/e/a');
      cookies.send(res, 'confiance_participant', 'two', '/e/b');
    });
    expect(headers).toHaveLength(3);
    expect(headers[0]).toMatch(/^first=1; Path=\//);
    expect(headers[1]).toMatch(/^confiance_participant=one; Max-Age=7776000; Path=\/e\/a; Expires=Sat, 06 Mar 2027 13:26:03 GMT; HttpOnly; SameSite=Lax$/);
    expect(headers[2]).toMatch(/^confiance_participant=two; .*Path=\/e\/b;/);
  });

  it('stays bounded: the oldest value is dropped first and serialized again when it comes back', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T13:26:03.000Z'), toFake: ['Date'] });
    const cookies = new RepeatedCookies(OPTIONS, 2);
    const appended: string[] = [];
    const res = { append: (_field: string, value: string) => appended.push(value) } as unknown as express.Response;
    for (const value of ['a', 'b', 'c', 'a']) cookies.send(res, 'n', value, '/');
    expect(appended.map((h) => h.split(';')[0])).toEqual(['n=a', 'n=b', 'n=c', 'n=a']);
    expect((cookies as unknown as { kept: Map<string, unknown> }).kept.size).toBe(2);
  });
});

describe('ClearedCookies: the header res.clearCookie would write', () => {
  it('is the same as res.clearCookie, for several paths and options, twice each (kept the second time)', async () => {
    for (const options of [{ httpOnly: true, sameSite: 'lax' as const, secure: false }, { httpOnly: true, sameSite: 'lax' as const, secure: true }]) {
      const cleared = new ClearedCookies(options);
      for (const path of ['/p/abc', '/p/DEF-_9', '/p/abc']) {
        const ours = await setCookies((res) => cleared.send(res, 'confiance_moved', path));
        const express = await setCookies((res) => res.clearCookie('confiance_moved', { ...options, path }));
        expect(ours, path).toEqual(express);
        expect(ours[0]).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
      }
    }
  });

  it('keeps at most its limit of headers, and still answers right past it', async () => {
    const cleared = new ClearedCookies({ httpOnly: true }, 2);
    for (const path of ['/p/a', '/p/b', '/p/c', '/p/a']) {
      expect(await setCookies((res) => cleared.send(res, 'm', path))).toEqual(await setCookies((res) => res.clearCookie('m', { httpOnly: true, path })));
    }
    expect((cleared as unknown as { kept: Map<string, string> }).kept.size).toBe(2);
  });
});
