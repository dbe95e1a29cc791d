#!/usr/bin/env node
// The published entry point. Runs the compiled CLI from dist/ (built by `npm install` / `npm run build`) when it is
// up to date with the TypeScript sources; otherwise (dist/ missing, or a source edited since the build) runs the
// sources through the tsx loader, slower to start but always current. CONFIANCE_FROM_SOURCE=1 forces the sources.
import { distIsFresh } from './dist-freshness.js';

let main;
if (process.env.CONFIANCE_FROM_SOURCE !== '1' && distIsFresh()) {
  ({ main } = await import('../dist/bin/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
await main(process.argv);
