/**
 * A raw HTTP client for the fuzz suite: one keep-alive agent against one listening server, any method, path, header
 * and body sent exactly as given (no URL normalisation, no body re-encoding), and a cookie jar per simulated browser.
 */
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent as is (may hold percent-escapes, traversal attempts, long segments). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  constructor(private readonly port: number) {}

  send(request: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method: request.method, path: request.path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      // The server may answer (413) and close before reading a large body: the answer still counts, a late write
      // error on the socket does not.
      req.on('error', reject);
      if (request.body !== undefined) req.end(request.body);
      else req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Cookies of one simulated browser (name -> value), filled from Set-Cookie answers. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res: RawResponse): void {
    const set = res.headers['set-cookie'] ?? [];
    for (const line of set) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}

export function formBody(fields: readonly (readonly [string, string])[]): string {
  const params = new URLSearchParams();
  for (const [k, v] of fields) params.append(k, v);
  return params.toString();
}
