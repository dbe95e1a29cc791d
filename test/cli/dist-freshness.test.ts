import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the launcher, without type declarations
import { distIsFresh } from '../../bin/dist-freshness.js';
import { VIEWS_DIR } from '../../server/views-dir.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project folder with one source file per compiled folder, every file dated `t` (seconds since 1970). */
function project(t: number): string {
  const root = mkdtempSync(join(tmpdir(), 'confiance-fresh-'));
  roots.push(root);
  const files = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'bin/cli.ts', 'server/app.ts', 'experiments/load.ts', 'analysis/deep/metric.ts'];
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), t, t);
  }
  return root;
}

function stamp(root: string, t: number): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', '.build-stamp'), '');
  utimesSync(join(root, 'dist', '.build-stamp'), t, t);
}

describe('bin/confiance.js chooses dist/ only when it matches the sources', () => {
  it('is not fresh without dist/ or without its stamp (a build that failed or was interrupted)', () => {
    const root = project(1_000_000);
    expect(distIsFresh(root)).toBe(false);
    mkdirSync(join(root, 'dist', 'bin'), { recursive: true });
    expect(distIsFresh(root)).toBe(false);
  });

  it('is fresh when the stamp is as new as the newest source', () => {
    const root = project(1_000_000);
    stamp(root, 1_000_000);
    expect(distIsFresh(root)).toBe(true);
  });

  it('is stale when a source in a nested folder, or the build configuration, changed after the build', () => {
    const root = project(1_000_000);
    stamp(root, 1_000_000);
    utimesSync(join(root, 'analysis/deep/metric.ts'), 1_000_001, 1_000_001);
    expect(distIsFresh(root)).toBe(false);
    stamp(root, 1_000_002);
    expect(distIsFresh(root)).toBe(true);
    utimesSync(join(root, 'tsconfig.build.json'), 1_000_003, 1_000_003);
    expect(distIsFresh(root)).toBe(false);
  });

  it('ignores files that are not TypeScript (case banks, notes)', () => {
    const root = project(1_000_000);
    stamp(root, 1_000_000);
    writeFileSync(join(root, 'experiments', 'cases.csv'), 'a\n');
    utimesSync(join(root, 'experiments', 'cases.csv'), 1_000_005, 1_000_005);
    expect(distIsFresh(root)).toBe(true);
  });
});

describe('views/ is found from the sources', () => {
  it('points at the project views folder (templates and locales are not compiled)', () => {
    expect(existsSync(join(VIEWS_DIR, 'locales', 'fr.json'))).toBe(true);
    expect(existsSync(join(VIEWS_DIR, 'static'))).toBe(true);
  });
});
