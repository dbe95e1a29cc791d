/** Every bundled study under experiments/studies/ passes the full loader (schema, cross-field checks, case bank). */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperimentFile } from '../../experiments/load.ts';

const STUDIES = join(import.meta.dirname, '..', '..', 'experiments', 'studies');
const files = readdirSync(STUDIES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(STUDIES, d.name, 'experiment.yaml'))
  .filter((f) => existsSync(f));

describe('bundled studies', () => {
  it('are the three studies of DOMAIN.md', () => {
    expect(files.map((f) => f.split('/').at(-2)).sort()).toEqual(['aide-exceptionnelle', 'controle-sanitaire', 'risque-inondation', 'signaux-faibles']);
  });

  it.each(files)('%s validates cleanly', async (file) => {
    const result = await validateExperimentFile(file);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
