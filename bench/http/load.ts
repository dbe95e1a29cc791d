/**
 * Load generator (a child process of http.bench.ts, so that the servers' event loops are not shared with it): bots
 * on keep-alive connections (Node's fetch, i.e. undici) submitting trial decisions, alternately to the bare endpoint
 * and to Confiance, in short windows, so that a change of the machine's load affects both alike.
 *   load.ts '{"barePort":N,"sameWorkPort":S,"confiancePort":M,"study":"…","bots":50,"participantsPerBot":3,"rounds":3,"warmupMs":1000,"windowMs":4000,"thinkMs":1000}'
 * Saturating rounds first (bots submit again as soon as they have the next page: throughput), then, with thinkMs,
 * one paced window per server (bots pause between submissions: latency at an offered load).
 * Confiance bots are real participants, prepared first (joined, walked to their first decision page): each
 * submission is a distinct trial answer with its CSRF token and served stamp, followed by the redirect's GET of the
 * next page, as a browser does. Bare bots post the same form fields to the bare endpoint; same-work bots post them
 * to the same-work baseline and GET the page its 303 points to, as Confiance bots do. Prints a JSON result.
 */
import { answers, readPage, Session, type Answer, type FormPage as Page } from './form-client.ts';
import { summarize } from './stats.ts';

interface Args {
  barePort: number;
  /** The same-work baseline (serve.ts same-work): POST, durable append, 303, GET of a page of Confiance's size. */
  sameWorkPort: number;
  confiancePort: number;
  study: string;
  bots: number;
  participantsPerBot: number;
  rounds: number;
  warmupMs: number;
  windowMs: number;
  /**
   * Paced window after the saturating rounds: each bot waits a random 0.5x-1.5x this many ms after each submission
   * (a participant reading the next case), so the servers answer an offered load instead of as fast as they can.
   */
  thinkMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;

interface Prepared {
  session: Session;
  path: string;
  page: Page;
}

let addresses = 0;
async function prepareParticipant(study: string): Promise<Prepared> {
  addresses += 1;
  const session = new Session(`http://127.0.0.1:${args.confiancePort}`, `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`);
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

interface Samples {
  submitMs: number[];
  cycleMs: number[];
  statuses: Record<string, number>;
  errors: number;
  measuredMs: number;
  /** Bytes of the pages read after the POSTs (the next page), to check that both pages weigh the same. */
  pageBytes: number;
  /** Submissions completed in the windows, warm-up included, and the server's flushes and CPU over the same span. */
  completed: number;
  flushes: number;
  cpuUs: number;
}
const samples = (): Samples => ({ submitMs: [], cycleMs: [], statuses: {}, errors: 0, measuredMs: 0, pageBytes: 0, completed: 0, flushes: 0, cpuUs: 0 });
const bare = samples();
const sameWork = samples();
const confiance = samples();
const barePaced = samples();
const confiancePaced = samples();
let exhausted = 0;

const t = performance.now();
const all = await inParallel(args.bots * args.participantsPerBot, 16, () => prepareParticipant(args.study));
const prepareMs = performance.now() - t;
const queues: Prepared[][] = Array.from({ length: args.bots }, (_, b) => all.slice(b * args.participantsPerBot, (b + 1) * args.participantsPerBot));
const bareSessions = Array.from({ length: args.bots }, (_, b) => new Session(`http://127.0.0.1:${args.barePort}`, `10.200.0.${b % 250}`));
const sameWorkSessions = Array.from({ length: args.bots }, (_, b) => new Session(`http://127.0.0.1:${args.sameWorkPort}`, `10.201.0.${b % 250}`));

/**
 * Runs every bot for a warm-up and a measured window. A submission counts when it completes inside the window
 * (throughput = completions per second), wherever it started: with 200 bots a cycle can take longer than a short
 * window, and counting only those that start and end inside it would miss them.
 */
type Bot = (b: number, into: Samples, inWindow: (t0: number, t1: number) => boolean, end: number, thinkMs: number) => Promise<void>;

async function window(into: Samples, bot: Bot, thinkMs = 0, port?: number): Promise<void> {
  const before = port === undefined ? null : await serverUsage(port);
  const measureFrom = performance.now() + args.warmupMs;
  const end = measureFrom + args.windowMs;
  const inWindow = (_t0: number, t1: number) => t1 >= measureFrom && t1 <= end;
  // Bots stop starting requests at the end; those in flight finish before the next window starts.
  await Promise.all(Array.from({ length: args.bots }, (_, b) => bot(b, into, inWindow, end, thinkMs)));
  into.measuredMs += args.windowMs;
  if (before && port !== undefined) {
    const after = await serverUsage(port);
    into.flushes += after.flushes - before.flushes;
    into.cpuUs += after.cpuUs - before.cpuUs;
  }
}

/** The server's flushes to disk and CPU time so far (serve.ts answers GET /__usage before its app). */
async function serverUsage(port: number): Promise<{ flushes: number; cpuUs: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/__usage`)).json()) as { flushes: number; cpuUs: number };
}

/** A paced bot's pause after a submission; the first one spreads the bots' starts over one think time. */
function think(thinkMs: number): Promise<void> {
  return thinkMs > 0 ? new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random()))) : Promise.resolve();
}

/**
 * One submission as a browser makes it: the POST, which must answer 303, then the GET of the page it points to.
 * Records the latencies when it ends inside the window; returns the page, or null when something failed.
 */
async function submission(
  session: Session,
  path: string,
  fields: [string, string][],
  into: Samples,
  inWindow: (t0: number, t1: number) => boolean,
): Promise<Answer | null> {
  const t0 = performance.now();
  try {
    const posted = await session.request('POST', path, fields);
    const t1 = performance.now();
    into.statuses[posted.status] = (into.statuses[posted.status] ?? 0) + 1;
    if (posted.status !== 303) {
      into.errors += 1;
      return null;
    }
    const next = await session.request('GET', path);
    const t2 = performance.now();
    if (next.status !== 200) {
      into.errors += 1;
      return null;
    }
    into.completed += 1;
    if (inWindow(t0, t2)) {
      into.submitMs.push(t1 - t0);
      into.cycleMs.push(t2 - t0);
      into.pageBytes += next.bytes;
    }
    return next;
  } catch {
    into.errors += 1;
    return null;
  }
}

let k = 0;
const confianceBot: Bot = async (b, into, inWindow, end, thinkMs) => {
  const queue = queues[b];
  await think(thinkMs);
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
    const next = await submission(p.session, p.path, answers(p.page, b + k++), into, inWindow);
    if (next === null) queue.shift();
    else p.page = readPage(next.text);
    await think(thinkMs);
  }
};

const csrf = `${'a1'.repeat(32)}.${'b2'.repeat(32)}`;
/** The fields of a trial decision form, as Confiance's trial page has them. */
function decisionFields(k: number): [string, string][] {
  return [
    ['_csrf', csrf],
    ['at', `trials:${k % 41}`],
    ['served', `${Date.now()}.${'c'.repeat(43)}`],
    ['decision', k % 2 === 0 ? 'contacter' : 'ne_pas_contacter'],
    ['certainty', String(1 + (k % 7))],
  ];
}

const bareBot: Bot = async (b, into, inWindow, end, thinkMs) => {
  await think(thinkMs);
  while (performance.now() < end) {
    k++;
    const fields = decisionFields(k);
    const t0 = performance.now();
    try {
      const res = await bareSessions[b].request('POST', `/p/bot${b}-${k}`, fields);
      const t1 = performance.now();
      into.statuses[res.status] = (into.statuses[res.status] ?? 0) + 1;
      if (res.status !== 200) into.errors += 1;
      if (inWindow(t0, t1)) {
        into.submitMs.push(t1 - t0);
        into.cycleMs.push(t1 - t0);
      }
    } catch {
      into.errors += 1;
    }
    await think(thinkMs);
  }
};

/** A same-work submission: the POST (durable append, 303), then the GET of the page it points to. */
const sameWorkBot: Bot = async (b, into, inWindow, end, thinkMs) => {
  await think(thinkMs);
  while (performance.now() < end) {
    k++;
    const path = `/p/${b.toString(16).padStart(32, '0')}`;
    await submission(sameWorkSessions[b], path, decisionFields(k), into, inWindow);
    await think(thinkMs);
  }
};

/** The same-work page weighs what the Confiance pages read so far weighed (their mean, HTML only, as bots read them). */
async function matchPageWeight(): Promise<void> {
  const bytes = Math.round(confiance.pageBytes / Math.max(1, confiance.cycleMs.length));
  if (bytes > 0) await fetch(`http://127.0.0.1:${args.sameWorkPort}/page-bytes/${bytes}`, { method: 'PUT' });
}

for (let round = 0; round < args.rounds; round++) {
  await window(confiance, confianceBot, 0, args.confiancePort);
  await window(bare, bareBot);
  await matchPageWeight();
  await window(sameWork, sameWorkBot, 0, args.sameWorkPort);
}
if (args.thinkMs > 0) {
  await window(barePaced, bareBot, args.thinkMs);
  await window(confiancePaced, confianceBot, args.thinkMs);
}

const result = (s: Samples) => ({
  seconds: s.measuredMs / 1000,
  submissions: s.cycleMs.length,
  perSecond: s.cycleMs.length / (s.measuredMs / 1000),
  submit: summarize(s.submitMs),
  cycle: summarize(s.cycleMs),
  statuses: s.statuses,
  errors: s.errors,
  meanPageBytes: s.cycleMs.length > 0 ? Math.round(s.pageBytes / s.cycleMs.length) : null,
  flushesPerSubmission: s.completed > 0 ? s.flushes / s.completed : null,
  cpuMsPerSubmission: s.completed > 0 ? s.cpuUs / 1000 / s.completed : null,
});
const sameWorkSyncs = (await (await fetch(`http://127.0.0.1:${args.sameWorkPort}/syncs`)).json()) as { syncs: number; lines: number };
const paced = args.thinkMs > 0 ? { thinkMs: args.thinkMs, bare: result(barePaced), confiance: result(confiancePaced) } : null;
process.stdout.write(JSON.stringify({ bots: args.bots, rounds: args.rounds, bare: result(bare), sameWork: { ...result(sameWork), linesPerSync: sameWorkSyncs.lines / sameWorkSyncs.syncs }, confiance: result(confiance), paced, botsOutOfParticipants: exhausted, prepareMs }) + '\n');
