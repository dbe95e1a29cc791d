/**
 * Sends a route's generated requests in small waves and checks, after each wave, the two promises of the fuzz suite:
 * no answer is a 5xx (or a dropped connection), and no request changed the stored data. Every request generated
 * here is bad, or an exact replay of an answer already stored, so any change at all is a failure.
 */
import type { RawRequest } from './http-client.ts';
import type { StoreTracker } from './store-state.ts';
import type { World } from './world.ts';
import { Gen } from './values.ts';

export interface FuzzCase {
  /** What is wrong with this request (shown when it fails). */
  defect: string;
  request: RawRequest;
}

export interface FuzzRoute {
  /** "METHOD /path pattern [target]". */
  name: string;
  generate(g: Gen, world: World): FuzzCase;
}

export interface Finding {
  kind: 'server error' | 'stored change' | 'no answer';
  defect: string;
  request: string;
  status: number | null;
  detail: string;
}

export interface FuzzReport {
  route: string;
  sent: number;
  statuses: Record<string, number>;
  findings: Finding[];
}

/**
 * Requests in flight at once. Several at a time keep the server busy while another waits for its disk; a stored
 * change is then blamed on the whole wave (at most this many requests). FUZZ_CONCURRENCY=1 pins it on one request.
 */
export const CONCURRENCY = Math.max(1, Number(process.env.FUZZ_CONCURRENCY ?? 4) || 4);

export async function fuzzRoute(world: World, tracker: StoreTracker, route: FuzzRoute, count: number): Promise<FuzzReport> {
  const g = new Gen(route.name);
  const report: FuzzReport = { route: route.name, sent: 0, statuses: {}, findings: [] };
  for (let i = 0; i < count; i += CONCURRENCY) {
    const wave = Array.from({ length: Math.min(CONCURRENCY, count - i) }, () => route.generate(g, world));
    const answers = await Promise.all(
      wave.map(async (c) => {
        try {
          const res = await world.http.send(c.request);
          return { status: res.status, text: res.text };
        } catch (error) {
          return { status: null, text: String(error) };
        }
      }),
    );
    wave.forEach((c, j) => {
      const { status, text } = answers[j];
      report.sent += 1;
      const key = status === null ? 'none' : String(status);
      report.statuses[key] = (report.statuses[key] ?? 0) + 1;
      if (status === null) report.findings.push({ kind: 'no answer', defect: c.defect, request: show(c.request), status, detail: text });
      else if (status >= 500) report.findings.push({ kind: 'server error', defect: c.defect, request: show(c.request), status, detail: readable(text) });
    });
    const changes = await tracker.changes();
    if (changes.length > 0) {
      const suspects = wave.map((c, j) => `(${answers[j].status ?? 'no answer'}) ${c.defect}\n    ${show(c.request)}`).join('\n  ');
      report.findings.push({
        kind: 'stored change',
        defect: wave.length === 1 ? wave[0].defect : `one of ${wave.length} requests sent together (FUZZ_CONCURRENCY=1 to tell which)`,
        request: wave.length === 1 ? show(wave[0].request) : suspects,
        status: wave.length === 1 ? answers[0].status : null,
        detail: changes.slice(0, 6).join('\n'),
      });
    }
  }
  return report;
}

function readable(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300);
}

/** A request as a reproducible one-liner (method, path, headers, the start of the body). */
export function show(r: RawRequest): string {
  const headers = Object.entries(r.headers ?? {})
    .filter(([k]) => k !== 'x-forwarded-for')
    .map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v}`)
    .join(' | ');
  const body = r.body === undefined ? '' : ` body(${Buffer.byteLength(r.body)}B)=${String(r.body).slice(0, 300)}`;
  return `${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}…` : r.path} [${headers}]${body}`;
}

/** Readable failure text for expect(...).toEqual([]) style assertions. */
export function describeFindings(report: FuzzReport): string[] {
  return report.findings.slice(0, 5).map((f) => `${f.kind} (${f.status ?? 'no status'}) — ${f.defect}\n  ${f.request}\n  ${f.detail}`);
}
