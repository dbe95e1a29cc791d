import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import { renderJson } from '../../analysis/report/json.ts';
import { expectMatchesReference } from './compare-json.ts';

/*
 * Expected values: test/analysis/reference/metrics_reference.py, an independent implementation of METRICS.md with
 * Python 3 / SciPy 1.17.1 / NumPy 2.4.6 (the SciPy calls are listed at the top of that script), run as
 *   python3 ../reference/metrics_reference.py realistic-trials.csv realistic-responses.csv > realistic-expected.json
 *   python3 ../reference/metrics_reference.py numeric-trials.csv --tolerance 5 > numeric-expected.json
 *   python3 ../reference/metrics_reference.py categorical-one-stage.csv > categorical-one-stage-expected.json
 *   python3 ../reference/metrics_reference.py within-trials.csv > within-expected.json
 *   python3 ../reference/metrics_reference.py factorial-trials.csv --factors explanation,framing > factorial-expected.json
 * from test/analysis/fixtures (the within and factorial fixtures are written by make_design_fixtures.py; the factorial
 * reference calls R 4.2.2 car 3.1.1 car::Anova(lm(rate ~ explanation * framing), type = 2)).
 * Everything but the bootstrap intervals is compared, to 1e-6 relative.
 */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const expected = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as Record<string, unknown>;

async function analyzeJson(trials: string, responses: string | null, tolerance?: number, factors?: string[]): Promise<unknown> {
  const result = await analyze(
    readTrialCsv(fixture(trials), fixture(trials), { factors }),
    responses ? readResponsesCsv(fixture(responses)) : null,
    { experiment: trials, resamples: 200, seed: 1, tolerance, factors },
  );
  return JSON.parse(renderJson(result));
}

describe('analysis JSON against the SciPy reference implementation', () => {
  it('reproduces every statistic of the realistic two-stage binary study with scales', async () => {
    const actual = await analyzeJson('realistic-trials.csv', 'realistic-responses.csv');
    const compared = expectMatchesReference(actual, expected('realistic-expected.json'));
    expect(compared).toBeGreaterThan(700);
  });

  it('reproduces the numeric study, weight of advice included', async () => {
    const actual = await analyzeJson('numeric-trials.csv', null, 5);
    expectMatchesReference(actual, expected('numeric-expected.json'));
    expect((actual as { task: string }).task).toBe('numeric');
  });

  it('reproduces the one-stage categorical study, with the initial-decision metrics null', async () => {
    const actual = await analyzeJson('categorical-one-stage.csv', null);
    expectMatchesReference(actual, expected('categorical-one-stage-expected.json'));
  });

  it('reproduces the within-subjects study: paired t, Wilcoxon, Friedman on complete participants', async () => {
    const actual = await analyzeJson('within-trials.csv', null);
    const compared = expectMatchesReference(actual, expected('within-expected.json'));
    expect(compared).toBeGreaterThan(600);
    expect((actual as { design: { type: string; participants_incomplete: number } }).design).toMatchObject({ type: 'within', participants_incomplete: 2 });
  });

  it('reproduces the 3 x 2 factorial study: type II ANOVA of every metric equal to R car::Anova', async () => {
    const actual = await analyzeJson('factorial-trials.csv', null, undefined, ['explanation', 'framing']);
    const compared = expectMatchesReference(actual, expected('factorial-expected.json'));
    expect(compared).toBeGreaterThan(600);
  });

  it('derives the factor levels from the condition ids when the CSV has no factor columns', async () => {
    const withColumns = await analyzeJson('factorial-trials.csv', null, undefined, ['explanation', 'framing']);
    const fromNames = await analyze(readTrialCsv(fixture('factorial-trials.csv')), null, {
      experiment: 'factorial-trials.csv', resamples: 0, factors: ['explanation', 'framing'],
    });
    expectMatchesReference(fromNames.factorial, (withColumns as { factorial: unknown }).factorial, 1e-12);
  });

  it('gives the same numbers through `confiance analyze --input ... --format json`', () => {
    const bin = fileURLToPath(new URL('../../bin/confiance.js', import.meta.url));
    const stdout = execFileSync(
      process.execPath,
      [bin, 'analyze', '--input', fixture('realistic-trials.csv'), '--responses', fixture('realistic-responses.csv'), '--format', 'json', '--bootstrap', '100'],
      { encoding: 'utf8' },
    );
    const actual = JSON.parse(stdout) as { experiment: string };
    expect(actual.experiment).toBe('realistic-trials.csv');
    expectMatchesReference(actual, expected('realistic-expected.json'));
  });

  it('a directory given as the trial or responses CSV: one line naming it, exit 1, no stack trace', () => {
    const bin = fileURLToPath(new URL('../../bin/confiance.js', import.meta.url));
    const dir = fileURLToPath(new URL('./fixtures/', import.meta.url)).replace(/\/$/, '');
    for (const args of [['--input', dir], ['--input', fixture('within-trials.csv'), '--responses', dir]]) {
      const run = spawnSync(process.execPath, [bin, 'analyze', ...args], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr.trim()).toBe(`Cannot read ${dir}: it is a directory, not a CSV file`);
      expect(run.stdout).toBe('');
    }
  });
});
