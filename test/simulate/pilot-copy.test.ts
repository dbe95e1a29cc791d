import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { studyCapacity } from '../../server/simulate/pilot-copy.ts';

const DIR = 'test/simulate/fixtures/studies';
const FILE = join(DIR, 'sim-stale', 'experiment.yaml');
let server: InProcessServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a pilot with more bots than the study takes', () => {
  it('serves a copy whose target fits every bot, and leaves the study file unchanged', async () => {
    const before = await readFile(FILE, 'utf8');
    server = await startInProcess({ experimentId: 'sim-stale', experimentsDir: DIR, participants: 25 });
    const conditions = server.experiment.conditions.length;
    expect(server.raisedTarget).toEqual({ from: 1, to: Math.ceil(25 / conditions) });
    expect(server.experiment.file.assignment.target_per_condition).toBe(Math.ceil(25 / conditions));
    expect(studyCapacity(server.experiment)).toBeGreaterThanOrEqual(25);
    expect(server.experiment.path).toContain('confiance-pilot-');
    // The copy keeps the researcher's comments.
    expect(await readFile(server.experiment.path, 'utf8')).toContain('#');
    expect(await readFile(FILE, 'utf8')).toBe(before);
    const copy = server.experiment.dir;
    await server.close();
    server = null;
    await expect(stat(copy)).rejects.toThrow();
  });

  it('serves the study itself when its target is enough', async () => {
    server = await startInProcess({ experimentId: 'sim-stale', experimentsDir: DIR, participants: 1 });
    expect(server.raisedTarget).toBeUndefined();
    expect(server.experiment.file.assignment.target_per_condition).toBe(1);
  });
});
