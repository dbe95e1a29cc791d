// Whether dist/ (compiled by bin/build.js) matches the TypeScript sources: it does when its stamp is at least as new
// as every .ts file of the compiled folders and the build configuration. Plain JavaScript, run before any loader.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = new URL('../', import.meta.url);
export const DIST_DIR = fileURLToPath(new URL('dist/', PROJECT_ROOT));
export const BUILD_STAMP = join(DIST_DIR, '.build-stamp');

/** The folders tsconfig.build.json compiles, and the files that change its output. */
const SOURCE_DIRS = ['bin', 'server', 'experiments', 'analysis'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Newest modification time (ms) of the sources dist/ is built from. */
function newestSourceMtime(root) {
  let newest = 0;
  for (const file of CONFIG_FILES) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
      }
    }
  }
  return newest;
}

/** True when `root`/dist/ was built, completely (its stamp is written last), after the last change of any source. */
export function distIsFresh(root = fileURLToPath(PROJECT_ROOT)) {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs >= newestSourceMtime(root);
}
