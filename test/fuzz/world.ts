/**
 * The fuzzed server: the real app (createApp) on a temporary embedded store, listening on 127.0.0.1, with the
 * researcher routes enabled and participants left at every kind of page, so each route is fuzzed in each state.
 *
 * TRUST_PROXY is on so that each fuzz request can come from its own client address (X-Forwarded-For): the join and
 * failed-authentication rate limits then count per simulated client, as behind a real reverse proxy, and the last
 * walk of a normal participant is not refused because the fuzzer used up an address's allowance.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { CookieJar, formBody, HttpClient, type RawResponse } from './http-client.ts';

export const STUDIES_DIR = 'experiments/studies';
export const SECRET = 'fuzz-secret-0123456789-abcdefghijklmnopq';
export const TOKEN = 'fuzz-researcher-token-0123456789abcdefgh';

/** A page as a browser without JavaScript reads it: the hidden fields and the choices offered. */
export interface FormPage {
  status: number;
  html: string;
  at: string | null;
  hidden: [string, string][];
  radios: Map<string, string[]>;
  numeric: { min: number; max: number } | null;
}

export function readForm(res: RawResponse): FormPage {
  const hidden: [string, string][] = [];
  for (const m of res.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden.push([m[1], decode(m[2])]);
  const radios = new Map<string, string[]>();
  for (const m of res.text.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]*)"/g)) {
    radios.set(m[1], [...(radios.get(m[1]) ?? []), decode(m[2])]);
  }
  const num = /<input type="number" id="decision" name="decision" min="([^"]+)" max="([^"]+)"/.exec(res.text);
  const at = hidden.find(([k]) => k === 'at')?.[1] ?? null;
  return { status: res.status, html: res.text, at, hidden, radios, numeric: num ? { min: Number(num[1]), max: Number(num[2]) } : null };
}

function decode(s: string): string {
  return s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The answers a cooperative participant gives on `page` (first decision offered, middle of every scale). */
/** What a cooperative participant writes when an override must be justified (long enough for the bundled study). */
const COOPERATIVE_JUSTIFICATION = 'Plaintes récentes et dernier contrôle ancien : ce restaurant doit être inspecté.';

export function cooperativeAnswers(page: FormPage): [string, string][] {
  const out: [string, string][] = [];
  if (page.at === 'consent:0') out.push(['choice', 'accept']);
  for (const [name, values] of page.radios) {
    if (name === 'choice') continue;
    out.push([name, name === 'decision' ? values[0] : values[Math.floor(values.length / 2)]]);
  }
  if (page.numeric) out.push(['decision', String(Math.round((page.numeric.min + page.numeric.max) / 2))]);
  // Where the AI has the last word (decision power): apply its proposal; the radios there are the overriding answers.
  if (page.html.includes('name="action" value="apply"')) return [...out.filter(([name]) => name !== 'decision'), ['action', 'apply']];
  return out;
}

/** One simulated browser: its cookies and its client address. */
export class Browser {
  readonly jar = new CookieJar();
  constructor(readonly http: HttpClient, readonly ip: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    const res = await this.http.send({ method: 'GET', path, headers: { ...this.baseHeaders(), ...headers } });
    this.jar.take(res);
    return res;
  }

  async post(path: string, fields: readonly (readonly [string, string])[], headers: Record<string, string> = {}): Promise<RawResponse> {
    const res = await this.http.send({
      method: 'POST',
      path,
      headers: { ...this.baseHeaders(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: formBody(fields),
    });
    this.jar.take(res);
    return res;
  }

  baseHeaders(): Record<string, string> {
    return { cookie: this.jar.header(), 'x-forwarded-for': this.ip, 'accept-language': 'fr-FR,fr;q=0.9' };
  }
}

/** A participant of the world: their browser, link, the page they are on and the answers they gave (for replays). */
export interface Participant {
  name: string;
  study: string;
  id: string;
  browser: Browser;
  /** The page they are on now (its form is the template the fuzzer mutates). */
  page: FormPage;
  /** Every accepted submission, in order: exact replays must change nothing. */
  answered: { at: string; fields: [string, string][] }[];
}

export interface World {
  port: number;
  http: HttpClient;
  store: Store;
  dataDir: string;
  participants: Map<string, Participant>;
  /** A browser signed in on /admin (its cookie jar holds the researcher session and the CSRF cookies). */
  researcher: Browser;
  researcherCsrf: string;
  /** A browser with its own CSRF session that belongs to no participant (its cookies never match another's token). */
  stranger: Browser;
  clock: { now: Date };
  newBrowser(): Browser;
  /** Shows every participant their page once at the current instant (a later visit then rewrites the same time). */
  visitAll(): Promise<void>;
  /** Joins `study` and answers cooperatively until `stop(page)` says stop. */
  participant(name: string, study: string, stop: (page: FormPage, index: number) => boolean, label?: string): Promise<Participant>;
  close(): Promise<void>;
}

let addressCounter = 0;
/** A distinct client address per simulated browser (10.x.y.z). */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export async function startWorld(studies: string[]): Promise<World> {
  const dataDir = await mkdtemp(join(tmpdir(), 'confiance-fuzz-'));
  const store = await openStore({ dataDir });
  // A fixed clock during fuzzing: a GET rewrites lastActivityAt with the same instant, so only real changes show.
  const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
  const registry = createRegistry({ dir: STUDIES_DIR, store, now: () => clock.now });
  for (const id of studies) await registry.open(id);
  const config = loadConfig({ EXPERIMENTS_DIR: STUDIES_DIR, DATA_DIR: dataDir, RESEARCHER_TOKEN: TOKEN, TRUST_PROXY: '1' });
  const app = createApp({ config, store, registry, secret: SECRET, now: () => clock.now });
  // Views compiled once, as in production (NODE_ENV=production); vitest's NODE_ENV=test would compile per request.
  app.set('view cache', true);
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const http = new HttpClient(port);
  const participants = new Map<string, Participant>();
  const newBrowser = () => new Browser(http, nextAddress());

  async function participant(name: string, study: string, stop: (page: FormPage, index: number) => boolean, label?: string): Promise<Participant> {
    const browser = newBrowser();
    const query = label === undefined ? '' : `?label=${encodeURIComponent(label)}`;
    const welcome = readForm(await browser.get(`/e/${study}${query}`));
    const joined = await browser.post(`/e/${study}`, welcome.hidden);
    if (joined.status !== 303) throw new Error(`join ${study}: ${joined.status}`);
    const id = String(joined.headers.location).replace('/p/', '');
    const p: Participant = { name, study, id, browser, page: readForm(await browser.get(`/p/${id}`)), answered: [] };
    for (let i = 0; p.page.at !== null && !stop(p.page, i); i++) {
      clock.now = new Date(clock.now.getTime() + 3000);
      const fields: [string, string][] = [...p.page.hidden, ...cooperativeAnswers(p.page)];
      let res = await browser.post(`/p/${id}`, fields);
      // An override where overrides must be justified (decision power): the justification page, then its answer.
      if (res.status === 200 && res.text.includes('name="justification"')) {
        res = await browser.post(`/p/${id}`, [...readForm(res).hidden, ['justification', COOPERATIVE_JUSTIFICATION]]);
      }
      if (res.status !== 303) throw new Error(`${name} at ${p.page.at}: ${res.status} ${res.text.slice(0, 300)}`);
      p.answered.push({ at: p.page.at, fields });
      p.page = readForm(await browser.get(`/p/${id}`));
    }
    participants.set(name, p);
    return p;
  }

  const researcher = newBrowser();
  const signIn = readForm(await researcher.get('/admin/sign-in'));
  const signedIn = await researcher.post('/admin/sign-in', [...signIn.hidden.filter(([k]) => k !== 'next'), ['token', TOKEN], ['next', '/admin/']]);
  if (signedIn.status !== 303) throw new Error(`researcher sign-in: ${signedIn.status}`);
  const researcherCsrf = signIn.hidden.find(([k]) => k === '_csrf')?.[1] ?? '';
  const stranger = newBrowser();
  await stranger.get('/');

  return {
    port,
    http,
    store,
    dataDir,
    participants,
    researcher,
    researcherCsrf,
    stranger,
    clock,
    newBrowser,
    participant,
    async visitAll() {
      for (const p of participants.values()) p.page = readForm(await p.browser.get(`/p/${p.id}`));
    },
    async close() {
      http.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
