/** The registry serves the open version of a study only while its file still matches what was opened. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, type ExperimentRegistry } from '../../server/registry.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { UserError } from '../../experiments/user-error.ts';

let dir: string;
let store: Store;
let registry: ExperimentRegistry;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-registry-'));
  await cp('experiments/studies/signaux-faibles', join(dir, 'studies', 'signaux-faibles'), { recursive: true });
  store = await openStore({ dataDir: join(dir, 'data') });
  registry = createRegistry({ dir: join(dir, 'studies'), store });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function editVersion(version: string): Promise<void> {
  const file = join(dir, 'studies', 'signaux-faibles', 'experiment.yaml');
  const text = await readFile(file, 'utf8');
  // A later mtime than the cached load, whatever the file system's time resolution.
  await new Promise((r) => setTimeout(r, 20));
  await writeFile(file, text.replace(/^version: .*$/m, `version: "${version}"`));
  // Participant requests rely on the last check of the files for up to a second (registry.ts, RECHECK_MS).
  await new Promise((r) => setTimeout(r, 1100));
}

describe('registry', () => {
  it('lists the studies of the directory, none running before it is opened', async () => {
    const available = await registry.available();
    expect(available.map((a) => a.id)).toEqual(['signaux-faibles']);
    expect(available[0].experiment?.file.id).toBe('signaux-faibles');
    expect(available[0].openConfigHash).toBeUndefined();
    expect(await registry.running('signaux-faibles')).toBeNull();
  });

  it('runs the opened version, and stops serving it when the file is edited, until reopened', async () => {
    const opened = await registry.open('signaux-faibles');
    expect(opened.status).toBe('open');
    const running = await registry.running('signaux-faibles');
    expect(running?.doc.configHash).toBe(opened.configHash);

    await editVersion('1.1');
    expect(await registry.running('signaux-faibles')).toBeNull();
    const [entry] = await registry.available();
    expect(entry.modifiedSinceOpen).toBe(true);
    expect(await registry.version('signaux-faibles', opened.configHash)).toBeNull();

    const reopened = await registry.open('signaux-faibles');
    expect(reopened.configHash).not.toBe(opened.configHash);
    expect((await registry.running('signaux-faibles'))?.doc.configHash).toBe(reopened.configHash);
    // Only one version is open at a time.
    const versions = (await store.listExperiments()).filter((d) => d.id === 'signaux-faibles');
    expect(versions.map((d) => d.status).sort()).toEqual(['closed', 'open']);
  });

  it('closes every open version', async () => {
    await registry.open('signaux-faibles');
    await registry.close('signaux-faibles');
    expect(await registry.running('signaux-faibles')).toBeNull();
  });

  it('refuses unknown ids and ids that are not folder names', async () => {
    await expect(registry.load('nope')).rejects.toBeInstanceOf(UserError);
    await expect(registry.load('../studies')).rejects.toBeInstanceOf(UserError);
    expect(await registry.running('../x')).toBeNull();
  });

  it('reports an invalid file with its problems instead of serving it', async () => {
    await cp(join(dir, 'studies', 'signaux-faibles'), join(dir, 'studies', 'broken'), { recursive: true });
    const file = join(dir, 'studies', 'broken', 'experiment.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^id: .*$/m, 'id: broken').replace(/^completion_code: .*$/m, 'completion_code: "!"'));
    const broken = (await registry.available()).find((a) => a.id === 'broken');
    expect(broken?.experiment).toBeUndefined();
    expect(broken?.errors?.join('\n')).toMatch(/completion_code/);
  });
});
