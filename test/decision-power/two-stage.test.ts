/**
 * justify_overrides crosses with the two-stage paradigm: the initial decision (no advice) is never asked for a
 * justification; a final decision that differs from the advice is, on its own page, and is stored with it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { Client, defaultAnswers, readPage, SECRET, snapshot, type ClientHost, type Page } from '../participant/harness.ts';

let dir: string;
let store: Store;
let host: ClientHost;
const clock = { now: new Date('2026-03-02T09:00:00.000Z'), advance(ms: number) { this.now = new Date(this.now.getTime() + ms); } };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-two-stage-power-'));
  const studies = join(dir, 'studies');
  await cp('experiments/studies/signaux-faibles', join(studies, 'signaux-faibles'), { recursive: true });
  const file = join(studies, 'signaux-faibles', 'experiment.yaml');
  // Every condition (each level of the one factor) asks overrides to be justified in 20 characters or more.
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^(      (none|confidence|feature_importance|counterfactual):.*\n)/gm, '$1        justify_overrides: { min_chars: 20 }\n'));
  store = await openStore({ dataDir: join(dir, 'data') });
  const registry = createRegistry({ dir: studies, store, now: () => clock.now });
  await registry.open('signaux-faibles');
  const config = loadConfig({ EXPERIMENTS_DIR: studies, DATA_DIR: join(dir, 'data') });
  host = { app: createApp({ config, store, registry, secret: SECRET, now: () => clock.now }), clock };
});
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('justify_overrides in a two-stage study', () => {
  it('asks for a justification of a final decision that differs from the advice, never of the initial one', async () => {
    const c = new Client(host);
    let page: Page = await c.join('signaux-faibles');
    // To the first final-phase page (the advice is shown): the initial decisions are answered without justification.
    while (!page.html.includes('id="advice-title"')) page = await c.answer(page, defaultAnswers(page));
    expect(page.html).toContain('justify-note');
    const advice = /<p class="recommendation">[^<]*<strong>([^<]*)<\/strong>/.exec(page.html)![1];
    const decision = /Ne pas contacter/.test(advice) ? 'contacter' : 'ne_pas_contacter';
    const first = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page), decision });
    expect(first.status).toBe(200);
    expect(first.html).toContain('name="justification"');
    const done = await c.post(c.path, { ...readPage(200, first.html).hidden, justification: 'Le dossier dit autre chose.' });
    expect(done.status).toBe(303);
    const trials = (await snapshot(store, 'signaux-faibles', c.participantId)).trials;
    const initial = trials.find((t) => t.phase === 'initial')!;
    const final = trials.find((t) => t.phase === 'final')!;
    expect([initial.lastWord, initial.overridden, initial.justification]).toEqual([undefined, undefined, undefined]);
    expect([final.decision, final.lastWord, final.overridden, final.justifyMinChars, final.justification]).toEqual([decision, 'agent', true, 20, 'Le dossier dit autre chose.']);
  });
});
