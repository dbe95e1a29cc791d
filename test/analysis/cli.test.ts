import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../bin/cli.ts';
import { TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs the CLI in-process and captures what it writes. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    await main(['node', 'confiance', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

afterEach(() => vi.restoreAllMocks());

describe('confiance analyze (CLI)', () => {
  it('rejects a malformed CSV with line and column, prints nothing on stdout, exits 1, no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiance-analyze-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `${TRIAL_CSV_HEADER.join(',')}\np1,none,0,c1,A,B,,A,B,,,\np1,none,1,c1,A,B,,A,,,,\n`);
    const { stdout, stderr, code } = await cli('analyze', '--input', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('line 3, column "final": required value is empty');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('prints plain tables without colour codes when stdout is not a terminal, with Holm stars', async () => {
    const { stdout, code } = await cli('analyze', '--input', fixture('realistic-trials.csv'), '--bootstrap', '50');
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    for (const title of ['Accuracy', 'Agreement and switching', 'Over- and under-reliance', 'Appropriate reliance', 'Comparisons with the control (none)']) {
      expect(stdout).toContain(title);
    }
    expect(stdout).toContain('71 trial(s) excluded from every statistic');
    expect(stdout).toMatch(/Agreement\s+feature_importance.*\*/);
  });

  it('writes the CSV report: one row per condition x metric and one per comparison', async () => {
    const { stdout } = await cli('analyze', '--input', fixture('realistic-trials.csv'), '--format', 'csv', '--bootstrap', '0');
    const lines = stdout.trim().split('\n');
    expect(lines[0].startsWith('type,metric,condition,control,k,n,value')).toBe(true);
    expect(lines.filter((l) => l.startsWith('metric,')).length).toBe(3 * 11);
    expect(lines.filter((l) => l.startsWith('comparison,')).length).toBe(2 * 11);
    expect(lines).toContain(
      lines.find((l) => l.startsWith('metric,agreement,feature_importance,,473,579,0.8169257340241797,')),
    );
  });

  it('writes the HTML report and the R script to files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiance-analyze-'));
    const html = join(dir, 'report.html');
    const r = join(dir, 'models.R');
    const { stdout, code } = await cli('analyze', '--input', fixture('numeric-trials.csv'), '--format', 'html', '--out', html, '--r-script', r, '--bootstrap', '20', '--tolerance', '5');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(html, 'utf8')).toContain('Weight of advice: none');
    expect(readFileSync(r, 'utf8')).toContain('abs(as.numeric(x) - as.numeric(y)) <= 5');
  });

  it('refuses bad options as user errors', async () => {
    expect((await cli('analyze', '--input', 'x.csv', '--format', 'pdf')).stderr).toContain('Unknown --format "pdf"');
    expect((await cli('analyze', '--input', 'x.csv', '--bootstrap', '-3')).stderr).toContain('Invalid --bootstrap');
    expect((await cli('analyze')).stderr).toContain('Give either an experiment id or --input');
    expect((await cli('analyze', '--input', fixture('realistic-trials.csv'), '--task', 'ordinal')).stderr).toContain('Unknown --task');
  });

  it('fits the mixed models by default, skips them with --no-models, adds --model-covariates, refuses unknown ones', async () => {
    const input = fixture('realistic-trials.csv');
    const withModels = JSON.parse((await cli('analyze', '--input', input, '--format', 'json', '--bootstrap', '0')).stdout);
    expect(Object.keys(withModels.models)).toEqual(['agreement', 'overreliance', 'rair', 'rsr']);
    const without = JSON.parse((await cli('analyze', '--input', input, '--format', 'json', '--bootstrap', '0', '--no-models')).stdout);
    expect(without).not.toHaveProperty('models');
    const covariate = JSON.parse((await cli('analyze', '--input', input, '--format', 'json', '--bootstrap', '0', '--model-covariates', 'position')).stdout);
    expect(covariate.models.agreement.formula).toBe('agreement ~ condition + trial_z + (1 | participant_id) + (1 | case_id)');
    const bad = await cli('analyze', '--input', input, '--model-covariates', 'position,age');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid --model-covariates "position,age"');
    expect(bad.stderr).toContain('expected distinct names among position, confidence');
    expect(bad.stdout).toBe('');
  });

  it('says where a CSV contradicts --design between, and where --design within does not hold', async () => {
    const between = await cli('analyze', '--input', fixture('within-trials.csv'), '--design', 'between', '--bootstrap', '0');
    expect(between.code).toBe(1);
    expect(between.stdout).toBe('');
    expect(between.stderr).toMatch(/line 14, column "condition": participant "W001" was in condition "none", here "confidence"/);
    const within = await cli('analyze', '--input', fixture('realistic-trials.csv'), '--design', 'within', '--bootstrap', '0');
    expect(within.code).toBe(1);
    expect(within.stderr).toContain('no participant has trials in more than one condition');
    expect((await cli('analyze', '--input', 'x.csv', '--design', 'crossover')).stderr).toContain('Unknown --design "crossover"');
    expect((await cli('analyze', '--input', fixture('factorial-trials.csv'), '--design', 'factorial')).stderr).toContain('--design factorial needs --factors');
  });

  it('names the line and column of a condition that does not give a level of each factor', async () => {
    const { code, stderr } = await cli('analyze', '--input', fixture('within-trials.csv'), '--factors', 'explanation,framing', '--bootstrap', '0');
    expect(code).toBe(1);
    expect(stderr).toContain('line 2, column "condition": "none" is not 2 level names joined by "+" (factors explanation, framing)');
    const dir = mkdtempSync(join(tmpdir(), 'confiance-analyze-'));
    const file = join(dir, 'levels.csv');
    writeFileSync(file, 'participant_id,condition,trial_index,case_id,truth,ai_advice,final,a,b\np1,x,0,c,A,A,A,1,u\np1,x,1,c,A,A,A,2,u\n');
    const clash = await cli('analyze', '--input', file, '--factors', 'a,b', '--bootstrap', '0');
    expect(clash.stderr).toContain('line 3, column "a": condition "x" has level "2" here but "1" on earlier rows');
  });

  it('filters rows with --where (and names a column the file lacks), and echoes the filter', async () => {
    const { stdout } = await cli('analyze', '--input', fixture('factorial-trials.csv'), '--where', 'batch=2', '--format', 'json', '--bootstrap', '0');
    const json = JSON.parse(stdout);
    const rows = readFileSync(fixture('factorial-trials.csv'), 'utf8').trim().split('\n').slice(1);
    const kept = rows.filter((r) => r.endsWith(',2'));
    expect(json.filters).toEqual({ where: ['batch=2'], rows_left_out: rows.length - kept.length });
    expect(json.conditions.reduce((s: number, c: { trials: number }) => s + c.trials, 0)).toBe(kept.length);
    const missing = await cli('analyze', '--input', fixture('factorial-trials.csv'), '--where', 'wave=1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('line 1: --where or --group-by names the column "wave", which the header does not have');
    expect((await cli('analyze', '--input', 'x.csv', '--where', 'batch')).stderr).toContain('Invalid --where "batch"');
  });

  it('--group-by compares the groups of a column instead of the conditions', async () => {
    const { stdout } = await cli('analyze', '--input', fixture('factorial-trials.csv'), '--group-by', 'framing', '--control', 'outil', '--format', 'json', '--bootstrap', '0');
    const json = JSON.parse(stdout);
    expect(json.conditions.map((c: { condition: string }) => c.condition)).toEqual(['outil', 'autorite']);
    const rows = readFileSync(fixture('factorial-trials.csv'), 'utf8').trim().split('\n').slice(1);
    expect(json.conditions[0].trials).toBe(rows.filter((r) => r.split(',')[14] === 'outil').length);
    expect(json.comparisons[0]).toMatchObject({ condition: 'autorite', control: 'outil', holm_test: 'welch' });
    expect((await cli('analyze', '--input', fixture('factorial-trials.csv'), '--group-by', 'wave')).stderr).toContain('names the column "wave"');
  });

  it('--undefined-as-zero counts participants with an empty denominator as 0 in the participant-level mean', async () => {
    const run = async (...extra: string[]) =>
      JSON.parse((await cli('analyze', '--input', fixture('realistic-trials.csv'), '--format', 'json', '--bootstrap', '0', ...extra)).stdout);
    const left = await run();
    const zero = await run('--undefined-as-zero');
    expect(left.undefined_ratios).toBe('left_out');
    expect(zero.undefined_ratios).toBe('zero');
    const before = left.conditions[1].metrics.overreliance;
    const after = zero.conditions[1].metrics.overreliance;
    expect(before.participants_undefined).toBe(1);
    expect(after.participants_undefined).toBe(1);
    const all = before.participants_defined + before.participants_undefined;
    expect(after.participant_mean).toBeCloseTo((before.participant_mean * before.participants_defined) / all, 12);
    expect(after.k).toBe(before.k);
  });

  it('--primary and --equivalence-margin: the primary outcome, its Holm family and TOST results in the JSON', async () => {
    const { stdout } = await cli('analyze', '--input', fixture('realistic-trials.csv'), '--format', 'json', '--bootstrap', '0', '--primary', 'agreement', '--equivalence-margin', '0.05');
    const json = JSON.parse(stdout);
    expect(json.primary).toBe('agreement');
    expect(json.holm_families.find((f: { metric: string }) => f.metric === 'agreement')).toEqual({
      metric: 'agreement', test: 'welch', comparisons: ['confidence vs none', 'feature_importance vs none'], primary: true,
    });
    const eq = json.comparisons.find((c: { metric: string }) => c.metric === 'agreement').equivalence;
    expect(eq).toMatchObject({ margin: 0.05, test: 'welch' });
    expect(eq.p).toBe(Math.max(eq.p_lower, eq.p_upper));
    expect((await cli('analyze', '--input', 'x.csv', '--equivalence-margin', '0')).stderr).toContain('Invalid --equivalence-margin "0"');
    expect((await cli('analyze', '--input', fixture('realistic-trials.csv'), '--primary', 'trust', '--bootstrap', '0')).stderr).toContain(
      'Unknown primary outcome "trust"',
    );
  });
});
