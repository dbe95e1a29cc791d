/**
 * Trial submission throughput and latency: the real app on the embedded store against two baselines, at 50 and 200
 * concurrent bots: a bare Express endpoint that parses the same form (same body parser and limits) and renders a
 * trivial EJS page; and the same-work baseline, bare Express doing what a durable submission cannot avoid (form parse,
 * one group-committed fdatasync'd append, 303, then the GET of an EJS page as heavy as Confiance's trial page).
 * Measured in one run: for each number of bots, one load generator alternates short windows between the three servers
 * (three rounds), so that a change in the machine's load affects all alike; then one paced window per server, where
 * bots pause after each submission, for the latency at an offered load. Servers and load generator are
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
  meanPageBytes: number | null;
  /** Server flushes (fdatasync + fsync) and server CPU ms per submission, over the saturating windows with warm-up. */
  flushesPerSubmission: number | null;
  cpuMsPerSubmission: number | null;
}

interface LoadResult {
  bots: number;
  rounds: number;
  bare: ModeResult;
  sameWork: ModeResult & { linesPerSync: number };
  confiance: ModeResult;
  paced: { thinkMs: number; bare: ModeResult; confiance: ModeResult } | null;
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

    // BENCH_HTTP_BOTS=200 (or 50,200): only these levels, for quicker rounds while working on one of them.
    const levels = process.env.BENCH_HTTP_BOTS ? process.env.BENCH_HTTP_BOTS.split(',').map(Number) : quick ? [5, 20] : [50, 200];
    if (levels.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_HTTP_BOTS: a comma-separated list of bot counts, not ${process.env.BENCH_HTTP_BOTS}`);
    const rounds = quick ? 2 : 3;
    const warmupMs = quick ? 300 : 2000;
    const windowMs = quick ? 1000 : 5000;
    // Paced window: a bot pauses 0.5-1.5 s after each submission. Real participants take several seconds per
    // decision, so this offers each server far more than real bots of that number would.
    const thinkMs = 1000;
    const results: Record<string, LoadResult> = {};
    const servers: Record<string, { maxRssKb: number | null; cpuMs: number | null }> = {};

    for (const bots of levels) {
      // Both servers up at once (an idle one costs nothing); the load generator alternates between them. A fresh
      // store per level: the 50-bot run does not leave a larger store to the 200-bot run.
      const bare = await startServer(root, ['bare']);
      const sameWorkDir = join(tmp, `same-work-${bots}`);
      await mkdir(sameWorkDir, { recursive: true });
      const sameWork = await startServer(root, ['same-work', sameWorkDir]).catch(async (err: unknown) => {
        await bare.stop();
        throw err;
      });
      const app = await startServer(root, ['confiance', join(tmp, `data-${bots}`), experimentsDir, STUDY]).catch(async (err: unknown) => {
        await bare.stop();
        await sameWork.stop();
        throw err;
      });
      try {
        const args = {
          barePort: bare.port,
          sameWorkPort: sameWork.port,
          confiancePort: app.port,
          study: STUDY,
          bots,
          // 41 decision pages per participant: enough participants that no bot runs out during the saturating rounds
          // (up to ~1,000 submissions/s for 3 x 7 s) and the paced window after them (measured: 9 per bot at 50 bots
          // ran out before the paced window once the server reached 900 submissions/s).
          participantsPerBot: bots <= 50 ? 14 : 4,
          rounds,
          warmupMs,
          windowMs,
          thinkMs,
        };
        const m = await measureChild(join(root, 'bin/run-ts.js'), [join(root, 'bench/http/load.ts'), JSON.stringify(args)], {
          cwd: root,
          keepStdout: true,
          timeoutMs: 15 * 60_000,
        });
        if (m.exitCode !== 0 || !m.stdout) throw new Error(`${bots} bots: load generator failed (${m.exitCode}): ${m.stderrTail}`);
        const r = JSON.parse(m.stdout.trim().split('\n').at(-1) as string) as LoadResult;
        results[`${bots}`] = r;
        log(`${bots} bots: bare ${r.bare.perSecond.toFixed(0)}/s p99 ${fmt(r.bare.submit.p99)} ms; same work ${r.sameWork.perSecond.toFixed(0)}/s (page ${r.sameWork.meanPageBytes} B); Confiance ${r.confiance.perSecond.toFixed(0)}/s (${fmt(r.confiance.flushesPerSubmission, 3)} flushes, ${fmt(r.confiance.cpuMsPerSubmission, 2)} CPU ms per submission), POST p50 ${fmt(r.confiance.submit.p50)} p99 ${fmt(r.confiance.submit.p99)} ms (participants prepared in ${(r.prepareMs / 1000).toFixed(1)} s)`);
        if (r.paced) {
          log(`${bots} bots paced: bare ${r.paced.bare.perSecond.toFixed(0)}/s p99 ${fmt(r.paced.bare.submit.p99)} ms; Confiance ${r.paced.confiance.perSecond.toFixed(0)}/s, POST p99 ${fmt(r.paced.confiance.submit.p99)} ms, POST + next page p99 ${fmt(r.paced.confiance.cycle.p99)} ms`);
        }
      } finally {
        servers[`bare-${bots}`] = await bare.stop();
        servers[`same-work-${bots}`] = await sameWork.stop();
        servers[`confiance-${bots}`] = await app.stop();
      }
    }

    const figures: Figure[] = [];
    for (const bots of levels) {
      const r = results[`${bots}`];
      const c = r.confiance;
      const b = r.bare;
      const w = r.sameWork;
      const top = bots === levels[levels.length - 1];
      figures.push(
        { name: `bare Express, ${bots} bots, saturating: throughput`, value: round(b.perSecond), unit: 'req/s' },
        { name: `bare Express, ${bots} bots, saturating: latency p50`, value: round(b.submit.p50), unit: 'ms' },
        { name: `bare Express, ${bots} bots, saturating: latency p99`, value: round(b.submit.p99), unit: 'ms' },
        { name: `Confiance, ${bots} bots, saturating: submissions (POST + next page)`, value: round(c.perSecond), unit: 'per s' },
        { name: `Confiance, ${bots} bots, saturating: submission POST p50`, value: round(c.submit.p50), unit: 'ms' },
        { name: `Confiance, ${bots} bots, saturating: submission POST p99`, value: round(c.submit.p99), unit: 'ms' },
        { name: `Confiance, ${bots} bots, saturating: POST + next page p99`, value: round(c.cycle.p99), unit: 'ms' },
        { name: `Confiance / bare throughput, ${bots} bots`, value: round(c.perSecond / b.perSecond, 3), unit: 'ratio', target: { min: 0.5 } },
        { name: `same-work baseline, ${bots} bots, saturating: submissions (POST + next page)`, value: round(w.perSecond), unit: 'per s', note: `page ${w.meanPageBytes} B vs Confiance ${c.meanPageBytes} B; ${round(w.linesPerSync)} submissions per fdatasync` },
        { name: `ratio_same_work@${bots}`, value: round(c.perSecond / w.perSecond, 3), unit: 'ratio', target: { min: 0.7 } },
        { name: `fdatasync_per_submission@${bots}`, value: round(c.flushesPerSubmission, 3), unit: 'per submission', target: { max: 1 }, note: `same-work baseline ${round(w.flushesPerSubmission, 3)}` },
        { name: `cpu_ms_per_submission@${bots}`, value: round(c.cpuMsPerSubmission, 2), unit: 'ms', note: `server CPU (user + system); same-work baseline ${round(w.cpuMsPerSubmission, 2)} ms` },
      );
      if (r.paced) {
        const pc = r.paced.confiance;
        const pb = r.paced.bare;
        figures.push(
          { name: `bare Express, ${bots} bots, paced: latency p99`, value: round(pb.submit.p99), unit: 'ms', note: `${round(pb.perSecond)} req/s` },
          { name: `Confiance, ${bots} bots, paced: submission POST p50`, value: round(pc.submit.p50), unit: 'ms', note: `${round(pc.perSecond)} submissions/s` },
          { name: `Confiance, ${bots} bots, paced: submission POST p99`, value: round(pc.submit.p99), unit: 'ms', ...(top ? { target: { max: 50 } } : {}) },
          { name: `Confiance, ${bots} bots, paced: POST + next page p99`, value: round(pc.cycle.p99), unit: 'ms' },
        );
      }
    }
    const errors = Object.values(results).reduce(
      (n, r) => n + r.bare.errors + r.sameWork.errors + r.confiance.errors + (r.paced ? r.paced.bare.errors + r.paced.confiance.errors : 0),
      0,
    );
    return {
      figures,
      details: { levels, rounds, warmupMs, windowMs, results, servers },
      notes: [
        'Server and load generator are separate processes on the same machine: on 2 cores they compete for CPU, equally for both servers.',
        'ratio_same_work: Confiance submissions per second over those of the same-work baseline (bare Express: form parse, one group-committed fdatasync\'d append, 303, GET of an EJS page of about the same size), measured in the same rounds.',
        'A Confiance submission counts the decision POST and the GET of the next page it redirects to (what a browser does); the bare endpoint answers its POST with a page.',
        'Saturating: each bot submits again as soon as it has the next page, so latency there is bots / throughput (Little\'s law), whatever the server; ' +
          'the latency target is read on the paced window, where each bot pauses 0.5-1.5 s after each submission (real participants take several seconds).',
        'Every Confiance write is on disk before the answer (README, The store: concurrent submissions share one fdatasync of the store\'s journal), so the disk is part of the figure.',
        'fdatasync_per_submission counts every fdatasync and fsync of the server process (journal, checkpoints, folders) over the saturating windows, warm-up included, divided by the submissions completed in them; cpu_ms_per_submission is the server process\'s CPU over the same span.',
        `Requests that failed or got an unexpected status during the measured windows: ${errors}.`,
        ...Object.values(results)
          .filter((r) => r.botsOutOfParticipants > 0)
          .map((r) => `${r.bots} bots: ${r.botsOutOfParticipants} bot(s) ran out of prepared participants, so some windows measured fewer bots than stated.`),
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

function fmt(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}
