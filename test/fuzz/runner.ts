/**
 * Sends a route's generated requests one at a time and checks, after each, the two promises of the fuzz suite: no
 * answer is a 5xx (or a dropped connection), and no request changed the stored data. Every request generated here
 * is bad, or an exact replay of an answer already stored, so any change at all is a failure.
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

export async function fuzzRoute(world: World, tracker: StoreTracker, route: FuzzRoute, count: number): Promise<FuzzReport> {
  const g = new Gen(route.name);
  const report: FuzzReport = { route: route.name, sent: 0, statuses: {}, findings: [] };
  for (let i = 0; i < count; i++) {
    const c = route.generate(g, world);
    let status: number | null = null;
    let detail = '';
    try {
      const res = await world.http.send(c.request);
      status = res.status;
      detail = res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300);
    } catch (error) {
      report.findings.push({ kind: 'no answer', defect: c.defect, request: show(c.request), status: null, detail: String(error) });
    }
    report.sent += 1;
    const key = status === null ? 'none' : String(status);
    report.statuses[key] = (report.statuses[key] ?? 0) + 1;
    if (status !== null && status >= 500) {
      report.findings.push({ kind: 'server error', defect: c.defect, request: show(c.request), status, detail });
    }
    const changes = await tracker.changes();
    if (changes.length > 0) {
      report.findings.push({ kind: 'stored change', defect: c.defect, request: show(c.request), status, detail: changes.slice(0, 6).join('\n') });
    }
  }
  return report;
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
