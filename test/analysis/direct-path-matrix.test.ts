/**
 * The whole analysis through the direct CSV path (analysis/input/trial-line-parser.ts: lines read straight into
 * columns) against the general paths, on the matrix of fixtures: between / within / factorial designs, binary /
 * categorical / numeric tasks, one-stage / two-stage, excluded trials, factors, filters and groups. Three readings of
 * the same trials must give the same JSON report, byte for byte:
 *   - the file as it is (plain lines read directly, the others put back in their place);
 *   - the file with every field quoted (no line read directly: the general tokenizer, then the batch merge);
 *   - the file's rows as TrialRow objects, one at a time (what the store and the filtered reads give analyze).
 * Each file is fed in chunks of 4 KB, so that lines and values are split between reads.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialBatches, readTrialCsv, type TrialCsvOptions } from '../../analysis/input/trial-csv.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { renderJson } from '../../analysis/report/json.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

/** Splits a CSV line into its fields (the fixtures have no quoted field). */
const fieldsOf = (line: string) => line.split(',');

/** Every field quoted: the tokenizer reads each line field by field, the direct path never. */
const quoted = (text: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : fieldsOf(line).map((f) => `"${f.replaceAll('"', '')}"`).join(',')))
    .join('\n');

/** Some trials excluded (with a reason), some values with spaces around them, one line quoted: read by the general path. */
function mixed(text: string): string {
  const [header, ...lines] = text.split('\n');
  const columns = fieldsOf(header);
  const excluded = columns.indexOf('excluded');
  const reason = columns.indexOf('exclusion_reason');
  return [
    header,
    ...lines.map((line, i) => {
      if (line === '') return line;
      const fields = fieldsOf(line);
      if (i % 7 === 3 && excluded !== -1) {
        fields[excluded] = '1';
        if (reason !== -1) fields[reason] = 'too_fast';
      } else if (i % 11 === 5) fields[0] = ` ${fields[0]} `;
      else if (i % 13 === 6) return fields.map((f) => `"${f}"`).join(',');
      return fields.join(',');
    }),
  ].join('\n');
}

const chunks = (text: string) => Readable.from(Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) => text.slice(i * 4096, (i + 1) * 4096)));

async function report(trials: Parameters<typeof analyze>[0], options: AnalyzeOptions): Promise<string> {
  return renderJson(await analyze(trials, null, options));
}

async function* oneByOne(text: string, csv: TrialCsvOptions): AsyncGenerator<TrialRow> {
  for await (const rows of readTrialCsv(chunks(text), 'trials.csv', csv)) yield* rows;
}

interface Case {
  name: string;
  file: string;
  csv?: TrialCsvOptions;
  options?: Partial<AnalyzeOptions>;
  variant?: (text: string) => string;
}

const CASES: Case[] = [
  { name: 'between, two-stage binary, extra column', file: 'realistic-trials.csv' },
  { name: 'between, two-stage binary, excluded trials, spaces and a quoted line', file: 'realistic-trials.csv', variant: mixed },
  { name: 'between, --where', file: 'realistic-trials.csv', csv: { where: [{ column: 'condition', value: 'none' }] }, variant: mixed },
  { name: 'within, two-stage binary', file: 'within-trials.csv', variant: mixed },
  { name: 'within, declared', file: 'within-trials.csv', options: { design: 'within', undefinedAsZero: true } },
  { name: 'factorial, factors from columns', file: 'factorial-trials.csv', csv: { factors: ['explanation', 'framing'] }, options: { factors: ['explanation', 'framing'] } },
  { name: 'factorial, factors from the condition names', file: 'factorial-trials.csv', options: { factors: ['explanation', 'framing'] }, variant: mixed },
  { name: 'between, --group-by', file: 'factorial-trials.csv', csv: { groupBy: 'batch' } },
  { name: 'numeric, two-stage, tolerance', file: 'numeric-trials.csv', options: { tolerance: 5 }, variant: mixed },
  { name: 'categorical, one-stage', file: 'categorical-one-stage.csv', variant: mixed },
  { name: 'categorical, one-stage, read as numeric labels refused', file: 'categorical-one-stage.csv', options: { task: 'categorical' } },
];

describe('the direct CSV path against the general ones, whole analyses', () => {
  for (const c of CASES) {
    it(`gives the same report: ${c.name}`, async () => {
      const text = (c.variant ?? ((t: string) => t))(fixture(c.file));
      const options: AnalyzeOptions = { experiment: c.file, resamples: 50, seed: 3, models: false, ...c.options };
      const direct = await report(readTrialBatches(chunks(text), 'trials.csv', c.csv), options);
      const general = await report(readTrialBatches(chunks(quoted(text)), 'trials.csv', c.csv), options);
      const rows = await report(oneByOne(text, c.csv ?? {}), options);
      expect((JSON.parse(direct) as { conditions: { trials: number }[] }).conditions[0].trials).toBeGreaterThan(20);
      expect(general).toBe(direct);
      expect(rows).toBe(direct);
    });
  }

  it('gives the same mixed models (the trial columns they are fitted on)', async () => {
    const text = mixed(fixture('within-trials.csv'));
    const options: AnalyzeOptions = { experiment: 'within', resamples: 0, models: true };
    const direct = await report(readTrialBatches(chunks(text), 'trials.csv'), options);
    expect(Object.keys((JSON.parse(direct) as { models: object }).models)).toEqual(['agreement', 'overreliance', 'rair', 'rsr']);
    expect(await report(oneByOne(text, {}), options)).toBe(direct);
  });
});
