#!/usr/bin/env node
// `npm run build` (and `npm install` / `npm ci` through the `prepare` script): compiles the TypeScript of bin/,
// server/, experiments/ and analysis/ into dist/ with tsconfig.build.json, then stamps dist/ with the time the build
// started, so that bin/confiance.js can tell whether a source file changed since. Without TypeScript (an install
// with --omit=dev) it says so and leaves dist/ alone: the CLI then runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP, DIST_DIR, PROJECT_ROOT } from './dist-freshness.js';

let tsc;
try {
  tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  console.warn('confiance build: TypeScript is not installed (dev dependencies omitted); the CLI will run from the sources');
  process.exit(0);
}
const started = new Date();
rmSync(DIST_DIR, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.build.json', PROJECT_ROOT))], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  // A half-written dist/ must not be taken for a build: without its stamp the CLI runs the sources.
  rmSync(DIST_DIR, { recursive: true, force: true });
  console.error('confiance build: tsc failed (see above); the CLI will run from the sources');
  process.exit(result.status ?? 1);
}
writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`);
utimesSync(BUILD_STAMP, started, started);
