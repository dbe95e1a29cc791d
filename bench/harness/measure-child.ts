import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface ChildMeasurement {
  /** From spawn to exit, measured by the parent (includes node and TypeScript loader start-up). */
  wallMs: number;
  /** Peak resident set size of the child, from its own process.resourceUsage().maxRSS at exit (KB). */
  maxRssKb: number | null;
  userCpuMs: number | null;
  systemCpuMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** Bytes written to stdout (the output itself is discarded unless keepStdout). */
  stdoutBytes: number;
  stdout?: string;
  /** Last lines of stderr, for errors. */
  stderrTail: string;
}

const USAGE_PRELOAD = join(import.meta.dirname, 'report-usage.mjs');

/**
 * Runs `node [nodeArgs] script args` as a child process with a preload that reports its resource usage at exit.
 * The child's peak memory is its own (not the parent's), so each measured job runs alone in its process.
 */
export async function measureChild(
  script: string,
  args: readonly string[],
  options: { cwd: string; nodeArgs?: readonly string[]; keepStdout?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ChildMeasurement> {
  const usageFile = join(tmpdir(), `confiance-bench-usage-${randomBytes(6).toString('hex')}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', USAGE_PRELOAD, script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutBytes = 0;
  const kept: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (options.keepStdout) kept.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve) => {
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  if (timer) clearTimeout(timer);
  const wallMs = performance.now() - started;
  let usage: { maxRssKb?: number; userCpuMs?: number; systemCpuMs?: number } = {};
  try {
    usage = JSON.parse(await readFile(usageFile, 'utf8')) as typeof usage;
  } catch {
    // Killed (timeout, out of memory): no usage report.
  }
  await rm(usageFile, { force: true });
  return {
    wallMs,
    maxRssKb: usage.maxRssKb ?? null,
    userCpuMs: usage.userCpuMs ?? null,
    systemCpuMs: usage.systemCpuMs ?? null,
    exitCode,
    signal,
    stdoutBytes,
    ...(options.keepStdout ? { stdout: Buffer.concat(kept).toString() } : {}),
    stderrTail: stderr.split('\n').slice(-12).join('\n'),
  };
}
