import express, { type CookieOptions, type Response } from 'express';

/**
 * The Set-Cookie value Express's `res.cookie(name, value, options)` appends, computed by res.cookie itself on a
 * recording response: the same serialization, the same Max-Age and Expires (now + maxAge, to the second).
 */
export function setCookieValue(name: string, value: string, options: CookieOptions): string {
  let header: unknown = null;
  const recorder = {
    req: {},
    append(field: string, val: unknown) {
      if (field === 'Set-Cookie') header = val;
      return recorder;
    },
  };
  const cookie = express.response.cookie as (this: Response, name: string, val: string, options: CookieOptions) => Response;
  cookie.call(recorder as unknown as Response, name, value, options);
  if (typeof header !== 'string') throw new Error(`res.cookie did not append one Set-Cookie header for ${name}`);
  return header;
}

/**
 * Set-Cookie values of cookies sent again and again with the same value, options and max age (the browser binding,
 * on every page view), serialized once per second of their expiry instead of on every response: within that second
 * res.cookie would write the very same header. Bounded; the oldest is dropped first.
 */
export class RepeatedCookies {
  private readonly kept = new Map<string, { second: number; header: string }>();

  /** `options` must be the same on every call for a given name and path (only the value and path are in the key). */
  constructor(
    private readonly options: CookieOptions & { maxAge: number },
    private readonly limit = 10_000,
  ) {}

  /** Appends the cookie to the response, as `res.cookie(name, value, { ...options, path })` would. */
  send(res: Response, name: string, value: string, path: string): void {
    res.append('Set-Cookie', this.header(name, value, path));
  }

  private header(name: string, value: string, path: string): string {
    const key = `${name}\u0000${value}\u0000${path}`;
    const second = this.expirySecond();
    const kept = this.kept.get(key);
    if (kept !== undefined && kept.second === second) return kept.header;
    const header = setCookieValue(name, value, { ...this.options, path });
    // A second that ended while res.cookie ran may have given it the next one: that header is not kept.
    if (this.expirySecond() !== second) return header;
    this.kept.delete(key);
    if (this.kept.size >= this.limit) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(key, { second, header });
    return header;
  }

  private expirySecond(): number {
    return Math.floor((Date.now() + this.options.maxAge) / 1000);
  }
}

/**
 * The Set-Cookie values that clear a cookie, as Express's `res.clearCookie(name, { ...options, path })` writes them
 * (an empty value expiring on 1 January 1970): they depend on nothing but the name and path, so each is serialized
 * once (bounded; the oldest dropped first). The just-moved token is cleared on every answer of a participant.
 */
export class ClearedCookies {
  private readonly kept = new Map<string, string>();

  constructor(
    private readonly options: CookieOptions,
    private readonly limit = 10_000,
  ) {}

  /** Appends the clearing Set-Cookie to the response, as `res.clearCookie(name, { ...options, path })` would. */
  send(res: Response, name: string, path: string): void {
    const key = `${name}\u0000${path}`;
    let header = this.kept.get(key);
    if (header === undefined) {
      header = setCookieValue(name, '', { ...this.options, path, expires: new Date(1) });
      if (this.kept.size >= this.limit) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(key, header);
    }
    res.append('Set-Cookie', header);
  }
}
