/**
 * Test fixture experiments for cognitive forcing and outcome feedback: each bundled study (binary two-stage between,
 * categorical one-stage between, numeric two-stage within) with its factors replaced by the given ones, written to a
 * temporary studies directory. Its comprehension check is left out so that a walk needs no right answers.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { STUDIES_DIR } from './harness.ts';

export const BUNDLED = {
  binary: 'signaux-faibles',
  categorical: 'aide-exceptionnelle',
  numeric: 'risque-inondation',
} as const;

/** Writes `<dir>/<id>/experiment.yaml` (and its case bank): `study` with these factors; returns the id. */
export async function writeVariant(dir: string, study: string, id: string, factors: Record<string, unknown>, procedure: Record<string, unknown> = {}): Promise<string> {
  const file = parse(await readFile(join(STUDIES_DIR, study, 'experiment.yaml'), 'utf8')) as Record<string, unknown> & {
    procedure: Record<string, unknown>;
    design: Record<string, unknown>;
    cases: { file: string };
  };
  file.id = id;
  file.factors = factors;
  delete file.design.control;
  delete file.procedure.comprehension;
  Object.assign(file.procedure, procedure);
  await mkdir(join(dir, id), { recursive: true });
  await writeFile(join(dir, id, 'experiment.yaml'), stringify(file));
  await copyFile(join(STUDIES_DIR, study, file.cases.file), join(dir, id, file.cases.file));
  return id;
}
