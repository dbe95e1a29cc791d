/**
 * Benchmark job (a child process of pages.bench.ts): page weight and server time per participant page type.
 *   pages-job.ts <dataDir> <views:cached|uncached> <samples> <resultFile>
 * The real app on a fresh embedded store with the bundled studies opened, behind an HTTP server that times each
 * request from its arrival to the end of the answer (routing, store reads, the visit-time write, rendering). One
 * participant per study walks every page; further participants join until each condition's first trial page with
 * advice (its explanation) has been seen. Each page is then requested `samples` more times; the median is reported.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createRegistry } from '../../server/registry.ts';
import { openStore } from '../../server/store/index.ts';
import { answers, readPage, Session, type FormPage as Page } from './form-client.ts';
import { summarize } from './stats.ts';

const [dataDir, views, samplesArg, resultFile] = process.argv.slice(2);
if (!resultFile) throw new Error('usage: pages-job.ts <dataDir> <cached|uncached> <samples> <resultFile>');
const SAMPLES = Number(samplesArg);
const STUDIES = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation'];
const STUDIES_DIR = 'experiments/studies';
/** The researcher routes are mounted as in production (a token set), though the benchmark does not use them. */
const BENCH_TOKEN = 'bench-researcher-token-0123456789abcdefgh';

const store = await openStore({ dataDir });
const registry = createRegistry({ dir: STUDIES_DIR, store });
for (const id of STUDIES) await registry.open(id);
const app = createApp({ config: loadConfig({ DATA_DIR: dataDir, EXPERIMENTS_DIR: STUDIES_DIR, TRUST_PROXY: '1', RESEARCHER_TOKEN: BENCH_TOKEN }), store, registry, secret: 'bench-secret-0123456789-abcdefghijklmnopq' });
app.set('view cache', views === 'cached');

let lastServerMs = 0;
const server = createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  res.on('finish', () => {
    lastServerMs = Number(process.hrtime.bigint() - t0) / 1e6;
  });
  app(req, res);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let address = 0;
/** A browser whose answers carry the server time of the request (measured by the timing server above). */
class Browser {
  private readonly session = new Session(base, `10.9.${(++address >> 8) & 255}.${address & 255}`);
  async request(method: 'GET' | 'POST', path: string, fields?: [string, string][]) {
    const answer = await this.session.request(method, path, fields);
    return { ...answer, serverMs: lastServerMs };
  }
}

/** The kind of page a participant is on, from its position and content. */
function kindOf(page: Page): string {
  const at = page.at ?? '';
  if (at === '') return 'debrief';
  if (at.startsWith('consent')) return 'consent';
  if (at.startsWith('questionnaires')) return 'questionnaire';
  if (at.startsWith('instructions')) return 'instructions';
  if (!page.radios.has('decision') && !page.numeric) return 'practice feedback';
  const advice = page.html.includes('id="advice-title"');
  return `${at.startsWith('practice') ? 'practice trial' : 'trial'}, ${advice ? 'with advice' : 'decision without advice'}`;
}

interface Measured {
  study: string;
  page: string;
  condition: string | null;
  htmlBytes: number;
  serverMs: ReturnType<typeof summarize>;
}
const measured: Measured[] = [];
const seen = new Set<string>();

async function measure(b: Browser, path: string, study: string, page: string, condition: string | null): Promise<void> {
  const key = `${study}|${page}|${condition ?? ''}`;
  if (seen.has(key)) return;
  seen.add(key);
  const first = await b.request('GET', path);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push((await b.request('GET', path)).serverMs);
  measured.push({ study, page, condition, htmlBytes: first.bytes, serverMs: summarize(times) });
}

const home = new Browser();
await measure(home, '/', '-', 'home (study list)', null);
for (const study of STUDIES) {
  const conditions = new Set<string>();
  const total = (await registry.load(study)).conditions.length;
  for (let attempt = 0; attempt < total * 3 && conditions.size < total; attempt++) {
    const b = new Browser();
    if (attempt === 0) await measure(b, `/e/${study}`, study, 'welcome', null);
    const welcome = readPage((await b.request('GET', `/e/${study}`)).text);
    const joined = await b.request('POST', `/e/${study}`, welcome.hidden);
    if (joined.status !== 303 || !joined.location) throw new Error(`join ${study}: ${joined.status}`);
    const path = joined.location;
    const condition = (await store.getParticipant(path.replace('/p/', '')))?.condition ?? '?';
    if (conditions.has(condition)) continue;
    conditions.add(condition);
    const full = attempt === 0;
    if (full) await measure(b, `${path}/withdraw`, study, 'withdraw confirmation', null);
    let page = readPage((await b.request('GET', path)).text);
    for (let guard = 0; guard < 300; guard++) {
      const kind = kindOf(page);
      const withAdvice = kind.endsWith('with advice') && kind.startsWith('trial');
      if (full || withAdvice) await measure(b, path, study, kind, withAdvice ? condition : null);
      if (!full && withAdvice) break;
      if (page.at === null) break;
      const res = await b.request('POST', path, answers(page));
      if (res.status !== 303) throw new Error(`${study} at ${page.at}: ${res.status}`);
      page = readPage((await b.request('GET', path)).text);
    }
  }
}
const assets = new Browser();
const css = await assets.request('GET', '/static/participant.css');
const js = await assets.request('GET', '/static/participant.js');

server.close();
server.closeAllConnections();
await store.close();
await writeFile(resultFile, JSON.stringify({ views, samples: SAMPLES, cssBytes: css.bytes, jsBytes: js.bytes, pages: measured }));
