/**
 * Trial submission throughput and latency: the real app on the embedded store against a bare Express endpoint that
 * parses the same form (same body parser and limits) and renders a trivial EJS page, at 50 and 200 concurrent bots,
 * measured in one run: for each number of bots, one load generator alternates short windows between the two servers
 * (three rounds), so that a change in the machine's load affects both alike. Servers and load generator are
 * separate child processes; the servers run with compiled views (as NODE_ENV=production).
 *
 * A Confiance submission is what a participant's browser does: POST the decision (CSRF token, served stamp; the
 * store records it, fsynced) and GET the next page the 303 points to. Its latency is reported both for the POST
 * alone and for the whole cycle; the bare endpoint answers its POST with a page in one request.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchModule, Figure } from './harness/types.ts';
import { startServer } from './http/server-child.ts';

const STUDY = 'signaux-faibles';

interface Latencies {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

interface ModeResult {
  seconds: number;
  submissions: number;
  perSecond: number;
  submit: Latencies;
  cycle: Latencies;
  statuses: Record<string, number>;
  errors: number;
}

interface LoadResult {
  bots: number;
  rounds: number;
  bare: ModeResult;
  confiance: ModeResult;
  botsOutOfParticipants: number;
  prepareMs: number;
}

const bench: BenchModule = {
  title: 'Trial submission throughput and latency (embedded store vs bare Express)',
  async run({ root, tmp, quick, log, measureChild }) {
    // The bundled study, with room for every prepared participant (its own target would close it at 120).
    const experimentsDir = join(tmp, 'experiments');
    await mkdir(experimentsDir, { recursive: true });
    await cp(join(root, 'experiments/studies', STUDY), join(experimentsDir, STUDY), { recursive: true });
    const yamlPath = join(experimentsDir, STUDY, 'experiment.yaml');
    const yaml = await readFile(yamlPath, 'utf8');
    if (!yaml.includes('target_per_condition: 30')) throw new Error('http bench: the study file changed; update the target edit');
    await writeFile(yamlPath, yaml.replace('target_per_condition: 30', 'target_per_condition: 100000'));

    const levels = quick ? [5, 20] : [50, 200];
    const rounds = quick ? 2 : 3;
    const warmupMs = quick ? 300 : 2000;
    const windowMs = quick ? 1000 : 5000;
    const results: Record<string, LoadResult> = {};
    const servers: Record<string, { maxRssKb: number | null; cpuMs: number | null }> = {};

    for (const bots of levels) {
      // Both servers up at once (an idle one costs nothing); the load generator alternates between them. A fresh
      // store per level: the 50-bot run does not leave a larger store to the 200-bot run.
      const bare = await startServer(root, ['bare']);
      const app = await startServer(root, ['confiance', join(tmp, `data-${bots}`), experimentsDir, STUDY]).catch(async (err: unknown) => {
        await bare.stop();
        throw err;
      });
      try {
        const args = {
          barePort: bare.port,
          confiancePort: app.port,
          study: STUDY,
          bots,
          // 41 decision pages per participant: enough participants that no bot runs out during the windows.
          participantsPerBot: bots <= 50 ? 3 : 2,
          rounds,
          warmupMs,
          windowMs,
        };
        const m = await measureChild(join(root, 'bin/run-ts.js'), [join(root, 'bench/http/load.ts'), JSON.stringify(args)], {
          cwd: root,
          keepStdout: true,
          timeoutMs: 15 * 60_000,
        });
        if (m.exitCode !== 0 || !m.stdout) throw new Error(`${bots} bots: load generator failed (${m.exitCode}): ${m.stderrTail}`);
        const r = JSON.parse(m.stdout.trim().split('\n').at(-1) as string) as LoadResult;
        results[`${bots}`] = r;
        log(`${bots} bots: bare ${r.bare.perSecond.toFixed(0)}/s p99 ${fmt(r.bare.submit.p99)} ms; Confiance ${r.confiance.perSecond.toFixed(0)}/s, POST p50 ${fmt(r.confiance.submit.p50)} p99 ${fmt(r.confiance.submit.p99)} ms (participants prepared in ${(r.prepareMs / 1000).toFixed(1)} s)`);
      } finally {
        servers[`bare-${bots}`] = await bare.stop();
        servers[`confiance-${bots}`] = await app.stop();
      }
    }

    const figures: Figure[] = [];
    for (const bots of levels) {
      const c = results[`${bots}`].confiance;
      const b = results[`${bots}`].bare;
      const top = bots === levels[levels.length - 1];
      figures.push(
        { name: `bare Express, ${bots} bots: throughput`, value: round(b.perSecond), unit: 'req/s' },
        { name: `bare Express, ${bots} bots: latency p50`, value: round(b.submit.p50), unit: 'ms' },
        { name: `bare Express, ${bots} bots: latency p99`, value: round(b.submit.p99), unit: 'ms' },
        { name: `Confiance, ${bots} bots: submissions (POST + next page)`, value: round(c.perSecond), unit: 'per s' },
        { name: `Confiance, ${bots} bots: submission POST p50`, value: round(c.submit.p50), unit: 'ms' },
        { name: `Confiance, ${bots} bots: submission POST p99`, value: round(c.submit.p99), unit: 'ms', ...(top ? { target: { max: 50 } } : {}) },
        { name: `Confiance, ${bots} bots: POST + next page p99`, value: round(c.cycle.p99), unit: 'ms' },
        { name: `Confiance / bare throughput, ${bots} bots`, value: round(c.perSecond / b.perSecond, 3), unit: 'ratio', target: { min: 0.5 } },
      );
    }
    const errors = Object.values(results).reduce((n, r) => n + r.bare.errors + r.confiance.errors, 0);
    return {
      figures,
      details: { levels, rounds, warmupMs, windowMs, results, servers },
      notes: [
        'Server and load generator are separate processes on the same machine: on 2 cores they compete for CPU, equally for both servers.',
        'A Confiance submission counts the decision POST and the GET of the next page it redirects to (what a browser does); the bare endpoint answers its POST with a page.',
        'Every Confiance write is fsynced before the answer (group commit per collection), so the disk is part of the figure.',
        `Requests that failed or got an unexpected status during the measured windows: ${errors}.`,
      ],
    };
  },
};
export default bench;

function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function fmt(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}
