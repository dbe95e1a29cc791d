/**
 * Load generator (a child process of http.bench.ts, so that the server's event loop is not shared with it): bots on
 * keep-alive connections (Node's fetch, i.e. undici) submitting trial decisions.
 *   load.ts '{"mode":"confiance","port":N,"study":"…","bots":50,"participantsPerBot":3,"warmupMs":2000,"durationMs":10000}'
 *   load.ts '{"mode":"bare","port":N,"bots":50,"warmupMs":2000,"durationMs":10000}'
 * Confiance bots are real participants, prepared first (joined, walked to their first decision page): each
 * submission is a distinct trial answer with its CSRF token and served stamp, followed by the redirect's GET of the
 * next page, as a browser does. Bare bots post the same form fields to the bare endpoint. Prints a JSON result.
 */
import { summarize } from './stats.ts';

interface Args {
  mode: 'confiance' | 'bare';
  port: number;
  study?: string;
  bots: number;
  participantsPerBot?: number;
  warmupMs: number;
  durationMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const base = `http://127.0.0.1:${args.port}`;

interface Page {
  at: string | null;
  hidden: [string, string][];
  radios: Map<string, string[]>;
}

function readPage(html: string): Page {
  const hidden: [string, string][] = [];
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden.push([m[1], m[2].replace(/&amp;/g, '&')]);
  const radios = new Map<string, string[]>();
  for (const m of html.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]*)"/g)) radios.set(m[1], [...(radios.get(m[1]) ?? []), m[2]]);
  return { at: hidden.find(([k]) => k === 'at')?.[1] ?? null, hidden, radios };
}

function answers(page: Page, pick: number): [string, string][] {
  const out: [string, string][] = [...page.hidden];
  if (page.at === 'consent:0') out.push(['choice', 'accept']);
  for (const [name, values] of page.radios) {
    if (name === 'choice') continue;
    out.push([name, name === 'decision' ? values[pick % values.length] : values[Math.floor(values.length / 2)]]);
  }
  return out;
}

class Session {
  private cookies = new Map<string, string>();
  constructor(readonly address: string) {}

  async request(method: 'GET' | 'POST', path: string, fields?: [string, string][]): Promise<{ status: number; location: string | null; text: string }> {
    const res = await fetch(base + path, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
        'accept-language': 'fr-FR',
        ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: fields ? new URLSearchParams(fields).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }
}

interface Prepared {
  session: Session;
  path: string;
  page: Page;
}

let addresses = 0;
async function prepareParticipant(study: string): Promise<Prepared> {
  addresses += 1;
  const session = new Session(`10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`);
  const welcome = readPage((await session.request('GET', `/e/${study}`)).text);
  const joined = await session.request('POST', `/e/${study}`, welcome.hidden);
  if (joined.status !== 303 || !joined.location) throw new Error(`join: ${joined.status} ${joined.text.slice(0, 200)}`);
  const path = joined.location;
  let page = readPage((await session.request('GET', path)).text);
  for (let guard = 0; page.at !== null && !page.at.startsWith('trials:'); guard++) {
    if (guard > 50) throw new Error(`prepare: stuck at ${page.at}`);
    const res = await session.request('POST', path, answers(page, 0));
    if (res.status !== 303) throw new Error(`prepare at ${page.at}: ${res.status}`);
    page = readPage((await session.request('GET', path)).text);
  }
  return { session, path, page };
}

async function inParallel<T>(count: number, concurrency: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
}

const submitMs: number[] = [];
const cycleMs: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
let exhausted = 0;
let prepareMs = 0;

const prepared: Prepared[][] = [];
if (args.mode === 'confiance') {
  const study = args.study ?? 'signaux-faibles';
  const perBot = args.participantsPerBot ?? 1;
  const t = performance.now();
  const all = await inParallel(args.bots * perBot, 16, () => prepareParticipant(study));
  prepareMs = performance.now() - t;
  for (let b = 0; b < args.bots; b++) prepared.push(all.slice(b * perBot, (b + 1) * perBot));
}

const start = performance.now();
const measureFrom = start + args.warmupMs;
const end = measureFrom + args.durationMs;

function record(list: number[], t0: number, t1: number): void {
  if (t0 >= measureFrom && t1 <= end) list.push(t1 - t0);
}

async function confianceBot(queue: Prepared[], b: number): Promise<void> {
  let k = 0;
  while (performance.now() < end) {
    const p = queue[0];
    if (!p) {
      exhausted += 1;
      return;
    }
    if (p.page.at === null || !p.page.at.startsWith('trials:')) {
      queue.shift();
      continue;
    }
    const t0 = performance.now();
    try {
      const posted = await p.session.request('POST', p.path, answers(p.page, b + k++));
      const t1 = performance.now();
      statuses[posted.status] = (statuses[posted.status] ?? 0) + 1;
      if (posted.status !== 303) {
        errors += 1;
        queue.shift();
        continue;
      }
      const next = await p.session.request('GET', p.path);
      const t2 = performance.now();
      p.page = readPage(next.text);
      record(submitMs, t0, t1);
      record(cycleMs, t0, t2);
    } catch {
      errors += 1;
      queue.shift();
    }
  }
}

async function bareBot(b: number): Promise<void> {
  const session = new Session(`10.0.0.${b % 250}`);
  const csrf = `${'a1'.repeat(32)}.${'b2'.repeat(32)}`;
  let k = 0;
  while (performance.now() < end) {
    const fields: [string, string][] = [
      ['_csrf', csrf],
      ['at', `trials:${k % 41}`],
      ['served', `${Date.now()}.${'c'.repeat(43)}`],
      ['decision', k % 2 === 0 ? 'contacter' : 'ne_pas_contacter'],
      ['certainty', String(1 + (k % 7))],
    ];
    k++;
    const t0 = performance.now();
    try {
      const res = await session.request('POST', `/p/bot${b}-${k}`, fields);
      const t1 = performance.now();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status !== 200) errors += 1;
      record(submitMs, t0, t1);
      record(cycleMs, t0, t1);
    } catch {
      errors += 1;
    }
  }
}

await Promise.all(Array.from({ length: args.bots }, (_, b) => (args.mode === 'confiance' ? confianceBot(prepared[b], b) : bareBot(b))));

const seconds = args.durationMs / 1000;
process.stdout.write(
  JSON.stringify({
    mode: args.mode,
    bots: args.bots,
    seconds,
    submissions: cycleMs.length,
    perSecond: cycleMs.length / seconds,
    submit: summarize(submitMs),
    cycle: summarize(cycleMs),
    statuses,
    errors,
    botsOutOfParticipants: exhausted,
    prepareMs,
  }) + '\n',
);
