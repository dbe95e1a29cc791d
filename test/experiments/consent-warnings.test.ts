/** `validate` warns (never fails) when a study meant for real participants lacks the consent information. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateExperimentFile } from '../../experiments/load.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-consent-'));
  await cp('experiments/studies/signaux-faibles', dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function variant(name: string, edit: (text: string) => string): Promise<string> {
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, edit(await readFile(join(dir, 'experiment.yaml'), 'utf8')));
  return path;
}

describe('consent warnings', () => {
  it('the bundled Prolific study declares every item: no warning', async () => {
    const result = await validateExperimentFile(join(dir, 'experiment.yaml'));
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('names the missing items, with the file and line, and the file stays valid', async () => {
    const path = await variant('missing', (t) => t.replace(/^  dpo: .*\n/m, '').replace(/^  ethics_approval: .*\n/m, ''));
    const result = await validateExperimentFile(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/missing\.yaml:\d+:\d+ +consent: the study recruits real participants \(recruitment\); consent information missing: dpo, ethics_approval$/);
  });

  it('warns when real_participants is true and there is no consent block; a pilot without recruitment gets no warning', async () => {
    const stripped = (t: string) => t.replace(/^consent:\n(  .*\n)+/m, '').replace(/^recruitment:\n(  .*\n)+/m, '').replace(/^payment:\n(  .*\n)+/m, '');
    const pilot = await validateExperimentFile(await variant('pilot', stripped));
    expect(pilot.ok && pilot.warnings).toEqual([]);
    const real = await validateExperimentFile(await variant('real', (t) => `${stripped(t)}\nreal_participants: true\n`));
    expect(real.ok && real.warnings.join('\n')).toMatch(/texts\.consent: real_participants is true but the file has no `consent` information/);
  });
});

describe('text fields per language in the case bank', () => {
  it('a study in French and English needs both texts of a per-language field: the missing one is named with the cases', async () => {
    const bank = await readFile(join(dir, 'cases.csv'), 'utf8');
    const lines = bank.split('\n');
    const header = lines[0].split(',');
    const en = header.indexOf('secteur_en');
    expect(en).toBeGreaterThan(0);
    // Drop the English sector of the first case only (the column stays).
    const cells = lines[1].split(',');
    cells[en] = '';
    await writeFile(join(dir, 'cases-missing-en.csv'), [lines[0], cells.join(','), ...lines.slice(2)].join('\n'));
    const path = await variant('missing-en', (t) => t.replace('file: cases.csv', 'file: cases-missing-en.csv'));
    const result = await validateExperimentFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toMatch(/display\.fields\[0\]\.key: "secteur" is written per language in the case bank, but secteur_en is empty or missing for sf-001 \(the study is in fr and en\)/);
  });

  it('reads the English text of a per-language field, and keeps the first language as the value', async () => {
    const result = await validateExperimentFile(join(dir, 'experiment.yaml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.experiment.caseById.get('sf-002')!;
    expect(c.values.secteur).toBe('Industrie manufacturière');
    expect(c.texts?.secteur).toEqual({ fr: 'Industrie manufacturière', en: 'Manufacturing' });
  });
});
