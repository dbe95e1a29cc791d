/**
 * The case-bank generators are deterministic and the committed banks are exactly their output, so a bank never
 * drifts from the script that documents it. The banks also have the properties the experiment files rely on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import * as signaux from '../../experiments/studies/signaux-faibles/generate.ts';
import * as aide from '../../experiments/studies/aide-exceptionnelle/generate.ts';
import * as inondation from '../../experiments/studies/risque-inondation/generate.ts';
import * as controle from '../../experiments/studies/controle-sanitaire/generate.ts';

const ROOT = join(import.meta.dirname, '../..');
const GENERATORS = { 'signaux-faibles': signaux, 'aide-exceptionnelle': aide, 'risque-inondation': inondation, 'controle-sanitaire': controle };
const committed = (id: string): string => readFileSync(join(ROOT, 'experiments/studies', id, 'cases.csv'), 'utf8');
type Row = Record<string, string>;
const rows = (id: string): Row[] => parseCsv(committed(id), { columns: true }) as Row[];
const decisionRows = (id: string): Row[] => rows(id).filter((r) => r.practice === '0' && r.attention_check === '0');

describe.each(Object.entries(GENERATORS))('generator of %s', (id, gen) => {
  it('gives the same bytes for the same seed', () => {
    expect(gen.generateCases(gen.SEED)).toBe(gen.generateCases(gen.SEED));
  });

  it('gives a different bank for another seed', () => {
    expect(gen.generateCases(gen.SEED + 1)).not.toBe(gen.generateCases(gen.SEED));
  });

  it('produced the committed cases.csv', () => {
    expect(gen.generateCases(gen.SEED)).toBe(committed(id));
  });

  it('writes the same file when run as a script (bin/run-ts.js, into a given directory)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiance-gen-'));
    try {
      execFileSync(process.execPath, ['bin/run-ts.js', `experiments/studies/${id}/generate.ts`, dir], { cwd: ROOT });
      expect(readFileSync(join(dir, 'cases.csv'), 'utf8')).toBe(committed(id));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has unique case ids and obvious attention cases on which the bank AI agrees with the truth', () => {
    const all = rows(id);
    expect(new Set(all.map((r) => r.case_id)).size).toBe(all.length);
    const attention = all.filter((r) => r.attention_check === '1');
    expect(attention.length).toBeGreaterThanOrEqual(2);
    for (const r of attention) {
      if (id === 'risque-inondation') expect(Math.abs(Number(r.ai_recommendation) - Number(r.truth))).toBeLessThanOrEqual(50);
      else expect(r.ai_recommendation).toBe(r.truth);
    }
  });
});

describe('case banks: better than chance, not perfect', () => {
  const accuracy = (id: string): number => {
    const d = decisionRows(id);
    return d.filter((r) => r.ai_recommendation === r.truth).length / d.length;
  };

  it('signaux-faibles: AI right on 103 of 132 decision cases, both answers frequent', () => {
    expect(accuracy('signaux-faibles')).toBeCloseTo(103 / 132, 10);
    const contact = decisionRows('signaux-faibles').filter((r) => r.truth === 'contacter').length;
    expect(contact).toBe(63);
  });

  it('aide-exceptionnelle: AI right on 102 of 132 (77%), every answer present', () => {
    expect(accuracy('aide-exceptionnelle')).toBeCloseTo(102 / 132, 10);
    const counts = new Map<string, number>();
    for (const r of decisionRows('aide-exceptionnelle')) counts.set(r.truth, (counts.get(r.truth) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ refuser: 63, accorder: 43, pieces: 26 });
  });

  it('risque-inondation: truths in 150..2900, estimate = ai_base + contributions, within 50 households on 62 of 132', () => {
    const all = rows('risque-inondation');
    for (const r of all) {
      const contributions = Object.keys(r).filter((k) => k.startsWith('contrib_')).reduce((s, k) => s + Number(r[k]), 0);
      expect(Number(r.ai_base) + contributions).toBe(Number(r.ai_recommendation));
    }
    const d = decisionRows('risque-inondation');
    for (const r of d) expect(Number(r.truth)).toBeGreaterThanOrEqual(150);
    for (const r of d) expect(Number(r.truth)).toBeLessThanOrEqual(2900);
    expect(d.filter((r) => Math.abs(Number(r.ai_recommendation) - Number(r.truth)) <= 50).length).toBe(62);
  });

  it('controle-sanitaire: AI right on 98 of 132 (74%), 45 dossiers to inspect as a priority', () => {
    expect(accuracy('controle-sanitaire')).toBeCloseTo(98 / 132, 10);
    expect(decisionRows('controle-sanitaire').filter((r) => r.truth === 'prioritaire').length).toBe(45);
  });

  it('binary and categorical contributions argue for the recommendation (net weight > 0)', () => {
    for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'controle-sanitaire']) {
      for (const r of rows(id)) {
        const net = Object.keys(r).filter((k) => k.startsWith('contrib_')).reduce((s, k) => s + Number(r[k]), 0);
        expect(net, `${id} ${r.case_id}`).toBeGreaterThan(0);
      }
    }
  });
});
