/**
 * `confiance serve` as a child process on a given DATA_DIR, for the fault tests: started with PORT=0 (or a given
 * port), its URL read from the line it prints, stoppable with any signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed (for failure messages). */
  output(): string;
  /** Sends the signal and waits for the process to be gone (reaped: its pid no longer holds the data lock). */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export async function startServe(options: {
  dataDir: string;
  experimentsDir: string;
  port?: number;
  timeoutMs?: number;
  /** Variables set last (e.g. MONGODB_URI and RESEARCHER_TOKEN for the two-process test). */
  env?: Record<string, string>;
}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/confiance.js', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      EXPERIMENTS_DIR: options.experimentsDir,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      MONGODB_URI: '',
      PUBLIC_URL: '',
      RESEARCHER_TOKEN: '',
      SECRET: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${out}`)), options.timeoutMs ?? 60_000);
    const check = () => {
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => out,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
