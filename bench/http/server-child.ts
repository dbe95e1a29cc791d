/** Starts bench/http/serve.ts as a measured child process and waits for its port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerChild {
  port: number;
  child: ChildProcess;
  /** SIGTERM, then the child's own CPU and peak memory (from the usage preload). */
  stop(): Promise<{ maxRssKb: number | null; cpuMs: number | null }>;
}

export async function startServer(root: string, args: string[]): Promise<ServerChild> {
  const usageFile = join(tmpdir(), `confiance-bench-usage-${randomBytes(6).toString('hex')}.json`);
  // BENCH_CPU_PROF_DIR=<dir>: each server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', join(root, 'bench/harness/report-usage.mjs'), join(root, 'bin/run-ts.js'), join(root, 'bench/http/serve.ts'), ...args], {
    cwd: root,
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return {
    port,
    child,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      try {
        const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssKb: number; userCpuMs: number; systemCpuMs: number };
        return { maxRssKb: usage.maxRssKb, cpuMs: usage.userCpuMs + usage.systemCpuMs };
      } catch {
        return { maxRssKb: null, cpuMs: null };
      } finally {
        await rm(usageFile, { force: true });
      }
    },
  };
}
