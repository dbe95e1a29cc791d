/**
 * Participant page weight and server time per page type, for the three bundled studies and every explanation type:
 * bytes of each page's HTML plus the CSS and script every participant page loads (the bar for a trial page is
 * 40 KB), and the median server time of answering the page (store reads, the visit-time write, rendering), with
 * views compiled once (as with NODE_ENV=production) and, for comparison, compiled on every request (Express's
 * default when NODE_ENV is not "production").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchModule, Figure } from './harness/types.ts';

interface JobResult {
  views: string;
  samples: number;
  cssBytes: number;
  jsBytes: number;
  pages: { study: string; page: string; condition: string | null; htmlBytes: number; serverMs: { p50: number | null; p90: number | null } }[];
}

const TRIAL_PAGE_LIMIT_KB = 40;

const bench: BenchModule = {
  title: 'Participant page weight and server time per page type',
  async run({ root, tmp, quick, log, measureChild }) {
    const run = async (views: 'cached' | 'uncached', samples: number): Promise<JobResult> => {
      const resultFile = join(tmp, `pages-${views}.json`);
      const m = await measureChild(join(root, 'bin/run-ts.js'), [join(root, 'bench/http/pages-job.ts'), join(tmp, `data-${views}`), views, String(samples), resultFile], {
        cwd: root,
        timeoutMs: 10 * 60_000,
        env: { NODE_ENV: 'production' },
      });
      if (m.exitCode !== 0) throw new Error(`pages job (${views}) failed: ${m.stderrTail}`);
      const result = JSON.parse(await readFile(resultFile, 'utf8')) as JobResult;
      log(`${views} views: ${result.pages.length} pages measured, ${samples} requests each, in ${(m.wallMs / 1000).toFixed(1)} s`);
      return result;
    };
    const cached = await run('cached', quick ? 5 : 30);
    const uncached = await run('uncached', quick ? 3 : 10);

    const assets = cached.cssBytes + cached.jsBytes;
    const types = [...new Set(cached.pages.map((p) => p.page))];
    const figures: Figure[] = [
      { name: 'CSS + script loaded by every participant page', value: kb(assets), unit: 'KB' },
    ];
    for (const type of types) {
      const pages = cached.pages.filter((p) => p.page === type);
      const heaviest = pages.reduce((a, b) => (b.htmlBytes > a.htmlBytes ? b : a));
      const isTrial = type.startsWith('trial') || type.startsWith('practice trial');
      figures.push({
        name: `${type}: weight, HTML + CSS + script (heaviest of ${pages.length})`,
        value: kb(heaviest.htmlBytes + assets),
        unit: 'KB',
        ...(isTrial ? { target: { max: TRIAL_PAGE_LIMIT_KB } } : {}),
        note: `${heaviest.study}${heaviest.condition ? `, ${heaviest.condition}` : ''}`,
      });
      // The median over the type's pages (studies, explanation types) of each page's median: robust to a noisy
      // machine; every page's own figures are in the details.
      figures.push({ name: `${type}: server time, median`, value: round(middle(pages.map((p) => p.serverMs.p50))), unit: 'ms' });
      const slow = uncached.pages.filter((p) => p.page === type).map((p) => p.serverMs.p50);
      figures.push({ name: `${type}: server time, median, views compiled per request`, value: round(middle(slow)), unit: 'ms' });
    }
    return {
      figures,
      details: { cssBytes: cached.cssBytes, jsBytes: cached.jsBytes, cached: cached.pages, uncached: uncached.pages },
      notes: [
        'Weights are uncompressed bytes (the server sends no compression); the CSS and script are the same for every page and cached by browsers after the first.',
        'Server time runs from the request to the end of the answer in the same process (no network); a GET of a participant page writes the visit time only when the stored one is older than a tenth of the stale timeout (at most a minute).',
        '"Views compiled per request" is what NODE_ENV=development does (views edited while the server runs); any other NODE_ENV keeps compiled views.',
      ],
    };
  },
};
export default bench;

function middle(values: (number | null)[]): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function kb(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
