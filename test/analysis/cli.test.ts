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
});
