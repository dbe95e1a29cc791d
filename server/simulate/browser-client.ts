/**
 * The HTTP side of a simulated participant: Node's fetch with cookies kept by hand (the CSRF and session cookies),
 * redirects followed one by one (so that the bot sees the 303 that acknowledges each answer), forms sent as
 * application/x-www-form-urlencoded, and the latency of every request reported.
 */

export interface Target {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 (read at each request: a test may move the server). */
  url: string;
}

export interface ClientResponse {
  status: number;
  /** Location header of a redirect, resolved to a path on the target. */
  location: string | null;
  html: string;
}

/** The request never got an HTTP answer (server down, connection reset): whether it was applied is unknown. */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

export interface ClientOptions {
  target: Target;
  acceptLanguage: string;
  /** Sent as X-Forwarded-For: in-process runs give each bot its own address (the server trusts one proxy there). */
  forwardedFor?: string;
  /** Called after each request that got an answer, with its duration in ms. */
  onResponse?: (latencyMs: number, status: number) => void;
  timeoutMs?: number;
}

export class BrowserClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly options: ClientOptions) {}

  get(path: string): Promise<ClientResponse> {
    return this.request('GET', path);
  }

  /** A form post; a list value is sent as repeated fields (check boxes). */
  post(path: string, fields: Record<string, string | readonly string[]>): Promise<ClientResponse> {
    const pairs = Object.entries(fields).flatMap(([name, v]): [string, string][] => (typeof v === 'string' ? [[name, v]] : v.map((x): [string, string] => [name, x])));
    return this.request('POST', path, new URLSearchParams(pairs).toString());
  }

  /** GET, following redirects (at most 5), as a browser does with a link. */
  async open(path: string): Promise<ClientResponse & { path: string }> {
    let current = path;
    for (let hop = 0; hop < 5; hop++) {
      const res = await this.get(current);
      if (!isRedirect(res.status) || !res.location) return { ...res, path: current };
      current = res.location;
    }
    throw new Error(`too many redirects from ${path}`);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<ClientResponse> {
    const base = this.options.target.url.replace(/\/+$/, '');
    const headers: Record<string, string> = { 'accept-language': this.options.acceptLanguage, accept: 'text/html' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (this.options.forwardedFor) headers['x-forwarded-for'] = this.options.forwardedFor;
    const started = performance.now();
    let res: Response;
    let html: string;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      html = await res.text();
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new NetworkError(`${method} ${path}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
    }
    this.options.onResponse?.(performance.now() - started, res.status);
    for (const cookie of res.headers.getSetCookie()) this.keepCookie(cookie);
    const location = res.headers.get('location');
    return { status: res.status, location: location ? pathOf(location, base) : null, html };
  }

  private keepCookie(header: string): void {
    const [pair, ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)) || attrs.some((a) => /^\s*expires\s*=\s*Thu, 01 Jan 1970/i.test(a));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function pathOf(location: string, base: string): string {
  const url = new URL(location, base + '/');
  return url.pathname + url.search;
}
