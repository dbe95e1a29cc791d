/**
 * Test harness for the participant flow: a real app on the embedded store in a temporary directory, the bundled
 * studies opened, a controllable clock, and a supertest agent per participant that reads the forms of each page the
 * way a browser without JavaScript would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry, type ExperimentRegistry } from '../../server/registry.ts';
import { openStore, type Store, type ParticipantDoc, type TrialRecord, type ResponseRecord, type EventRecord } from '../../server/store/index.ts';
import { openHookedStore, type Hooks } from '../store/wrapped-database.ts';

export const STUDIES_DIR = 'experiments/studies';
export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

export interface Harness {
  app: Express;
  store: Store;
  registry: ExperimentRegistry;
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * With `hooks`, the store's collections report each operation to them (test/store/wrapped-database.ts); `dir` is where
 * the studies are (default: the bundled ones).
 */
export async function startHarness(studies: string[], options: { hooks?: Hooks; dir?: string } = {}): Promise<Harness> {
  const dir = options.dir ?? STUDIES_DIR;
  const dataDir = await mkdtemp(join(tmpdir(), 'confiance-flow-'));
  const store = options.hooks
    ? await openHookedStore(dataDir, options.hooks)
    : await openStore({ dataDir });
  const clock = {
    now: new Date('2026-03-02T09:00:00.000Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const registry = createRegistry({ dir, store, now: () => clock.now });
  for (const id of studies) await registry.open(id);
  const config = loadConfig({ EXPERIMENTS_DIR: dir, DATA_DIR: dataDir });
  const app = createApp({ config, store, registry, secret: SECRET, now: () => clock.now });
  return {
    app,
    store,
    registry,
    clock,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A harness for the tests of the file or describe block this is called in: started before them, closed after them.
 * The getter gives it once started.
 */
export function harnessFor(studies: string[], options: { hooks?: Hooks; dir?: string } = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(studies, options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the harness is not started yet (use it inside a test)');
    return harness;
  };
}

/** A page as a form-reading client sees it. */
export interface Page {
  status: number;
  html: string;
  /** The form's `at` (page position), or null on pages without a form of the flow. */
  at: string | null;
  hidden: Record<string, string>;
  /** Radio groups: name -> values offered. */
  radios: Record<string, string[]>;
  numberInput: { min: number; max: number } | null;
}

export function readPage(status: number, html: string): Page {
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]] = decode(m[2]);
  const radios: Record<string, string[]> = {};
  for (const m of html.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]*)"/g)) {
    (radios[m[1]] ??= []).push(decode(m[2]));
  }
  const num = /<input type="number" id="decision" name="decision" min="([^"]+)" max="([^"]+)"/.exec(html);
  return { status, html, at: hidden.at ?? null, hidden, radios, numberInput: num ? { min: Number(num[1]), max: Number(num[2]) } : null };
}

function decode(s: string): string {
  return s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What a client needs: the app, and the test clock when the test controls time. */
export interface ClientHost {
  app: Express;
  clock?: Harness['clock'];
}

export class Client {
  readonly agent: ReturnType<typeof request.agent>;
  participantId = '';
  /** Every page body this client received (for the no-leak test). */
  readonly seen: string[] = [];
  constructor(readonly h: ClientHost, readonly acceptLanguage = 'fr-FR,fr;q=0.9') {
    this.agent = request.agent(h.app);
  }

  get path(): string {
    return `/p/${this.participantId}`;
  }

  async get(path: string): Promise<Page> {
    const res = await this.agent.get(path).set('Accept-Language', this.acceptLanguage);
    this.seen.push(res.text);
    return readPage(res.status, res.text);
  }

  async post(path: string, fields: Record<string, string | string[]>): Promise<{ status: number; location?: string; html: string }> {
    const res = await this.agent
      .post(path)
      .set('Accept-Language', this.acceptLanguage)
      .type('form')
      .send(encodeForm(fields));
    this.seen.push(res.text);
    return { status: res.status, location: res.headers.location, html: res.text };
  }

  /** Opens the study link and presses "start": the participant exists and is at the consent page. */
  async join(studyId: string, query = ''): Promise<Page> {
    const welcome = await this.get(`/e/${studyId}${query}`);
    if (welcome.status !== 200) throw new Error(`welcome page: ${welcome.status}`);
    const res = await this.post(`/e/${studyId}`, welcome.hidden);
    if (res.status !== 303 || !res.location) throw new Error(`join: ${res.status} ${res.html.slice(0, 300)}`);
    this.participantId = res.location.replace('/p/', '');
    return this.current();
  }

  current(): Promise<Page> {
    return this.get(this.path);
  }

  /** Sends `page`'s form with the given answers (plus its hidden fields); expects the redirect back. */
  async answer(page: Page, answers: Record<string, string>): Promise<Page> {
    let res = await this.post(this.path, { ...page.hidden, ...answers });
    // An override that must be justified (decision-power studies): the justification page, answered at once.
    if (res.status === 200 && res.html.includes('name="justification"')) {
      res = await this.post(this.path, { ...readPage(200, res.html).hidden, justification: JUSTIFICATION });
    }
    if (res.status !== 303) throw new Error(`answer at ${page.at}: ${res.status} ${res.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 400)}`);
    return this.current();
  }
}

export function encodeForm(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
}

/** Answers any page the way a cooperative participant would: `choose` picks the decision. */
export function defaultAnswers(page: Page, choose: (options: string[]) => string = (o) => o[0]): Record<string, string> {
  const a: Record<string, string> = {};
  if (page.at === 'consent:0') a.choice = 'accept';
  for (const [name, values] of Object.entries(page.radios)) {
    if (name === 'decision') a.decision = choose(values);
    else a[name] = values[Math.floor(values.length / 2)];
  }
  if (page.numberInput) a.decision = String(Math.round((page.numberInput.min + page.numberInput.max) / 2));
  // The AI's proposal applied unless overridden (decision-power studies): apply it.
  if (page.html.includes('name="action" value="apply"')) {
    delete a.decision;
    a.action = 'apply';
  }
  return a;
}

/** What a cooperative participant writes when an override must be justified (long enough for the bundled study). */
export const JUSTIFICATION = 'Le dossier montre des plaintes récentes et un contrôle ancien.';

/** Walks the participant to the debrief, answering every page; returns the pages seen (by `at`). */
export async function walkToEnd(c: Client, page: Page, onPage?: (page: Page) => Promise<void> | void): Promise<{ visited: string[]; last: Page }> {
  const visited: string[] = [];
  for (let guard = 0; page.at !== null && guard < 500; guard++) {
    visited.push(page.at);
    if (onPage) await onPage(page);
    c.h.clock?.advance(4000);
    page = await c.answer(page, defaultAnswers(page));
  }
  return { visited, last: page };
}

export interface Snapshot {
  participant: ParticipantDoc | null;
  trials: TrialRecord[];
  responses: ResponseRecord[];
  events: EventRecord[];
}

export async function snapshot(store: Store, experimentId: string, participantId: string): Promise<Snapshot> {
  const trials: TrialRecord[] = [];
  for await (const t of store.trials(experimentId, { participantId })) trials.push(t);
  const responses: ResponseRecord[] = [];
  for await (const r of store.responses(experimentId, { participantId })) responses.push(r);
  const events: EventRecord[] = [];
  for await (const e of store.events(experimentId)) events.push(e);
  return { participant: await store.getParticipant(participantId), trials, responses, events };
}
