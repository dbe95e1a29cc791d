/**
 * Test studies with an in-task trust probe and first-error positions: copies of the bundled studies in a temporary
 * directory, their experiment file changed by `edit` (the bundled files stay as they are).
 *   signaux-faibles  binary, two-stage, between: procedure.trust_probe every 5 with self-confidence
 *   risque-inondation numeric, two-stage, within: trust probe every 4; first_error_at 3 (none) / 5 (feature_importance)
 *   aide-exceptionnelle categorical, one-stage, between: a probe every 3 in two explanation levels, none in the third
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only YAML editing

export const PROBE_EDITS: Record<string, (file: Yaml) => void> = {
  'signaux-faibles': (f) => {
    f.procedure.trust_probe = { every: 5, self_confidence: true };
  },
  'risque-inondation': (f) => {
    f.procedure.trust_probe = { every: 4, scale_points: 5 };
    f.factors.explanation.levels.none.first_error_at = 3;
    f.factors.explanation.levels.feature_importance.first_error_at = 5;
  },
  'aide-exceptionnelle': (f) => {
    const levels = f.factors.explanation.levels;
    const [first, second, third] = Object.keys(levels);
    levels[first].trust_probe = { every: 3, text: { fr: 'Confiance dans l’outil ?', en: 'Trust in the tool?' } };
    levels[second].trust_probe = { every: 3 };
    levels[third].trust_probe = false;
  },
};

export interface ProbeStudies {
  dir: string;
  remove(): Promise<void>;
}

/** Copies `ids` from experiments/studies and applies their edit (or `edits`). */
export async function probeStudies(ids: string[], edits: Record<string, (file: Yaml) => void> = PROBE_EDITS): Promise<ProbeStudies> {
  const dir = await mkdtemp(join(tmpdir(), 'confiance-probe-studies-'));
  for (const id of ids) {
    await cp(join('experiments/studies', id), join(dir, id), { recursive: true });
    const path = join(dir, id, 'experiment.yaml');
    const file = parse(await readFile(path, 'utf8')) as Yaml;
    edits[id]?.(file);
    await writeFile(path, stringify(file));
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
