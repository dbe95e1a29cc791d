// Preloaded into a measured child process (node --import): at exit, writes the process's own resource usage to the
// file named by BENCH_USAGE_FILE. maxRSS is in kilobytes (getrusage ru_maxrss on Linux); CPU times in microseconds.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKb: usage.maxRSS,
        userCpuMs: usage.userCPUTime / 1000,
        systemCpuMs: usage.systemCPUTime / 1000,
        // Since the process started (node and the TypeScript loader included).
        uptimeMs: process.uptime() * 1000,
        exitCode: code,
      }),
    );
  });
}
